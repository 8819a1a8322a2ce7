# A program that imports nothing: the census test dumps it in-process, by `run` and the way the
# attach helpers inject the dumper, and compares each dump with census_baseline.py's count.
items = [1, 2, 3]


class Marker(object):
    pass


marker = Marker()
