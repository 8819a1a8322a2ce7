# A datetime (not a GC object) is the only holder of its tzinfo, a Python object: freeing the
# datetime by reference counting frees the zone too.
import datetime
import gc

gc.collect()  # 3.x: importing datetime.py leaves its pure-Python classes as garbage; not the point here


class Zone(datetime.tzinfo):
    def utcoffset(self, dt):
        return datetime.timedelta(0)

stamp = datetime.datetime(2020, 1, 1, tzinfo=Zone())
clock = datetime.time(12, 0, tzinfo=Zone())

RELEASE = ['stamp', 'clock']
