# census_bare.py with the dumper imported and called in-process: DUMPER_DIR OUT NAMES
import sys
sys.path.insert(0, sys.argv[1])
import heapscope_dump  # noqa: E402
items = [1, 2, 3]


class Marker(object):
    pass


marker = Marker()
heapscope_dump.dump(sys.argv[2], names=sys.argv[3])
