# A growing dict of lists: samples are appended per sensor and never trimmed. 8 sensors x 50
# samples, each Sample with a 2 KiB bytearray reading. Runs on 2.7 and 3.x.
SENSORS = 8
SAMPLES = 50


class Sample(object):
    def __init__(self, sensor, i):
        self.sensor = sensor
        self.i = i
        self.reading = bytearray(2048)


class Recorder(object):
    def __init__(self):
        self.history = {}

    def record(self, sensor, sample):
        self.history.setdefault(sensor, []).append(sample)


recorder = Recorder()
for i in range(SAMPLES):
    for s in range(SENSORS):
        recorder.record('sensor-%d' % s, Sample(s, i))
