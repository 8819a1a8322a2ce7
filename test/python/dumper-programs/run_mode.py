# Run by `heapscope_dump.py run` in the tests: leaves a marker list and a self-cycle in __main__,
# prints its argv as JSON, and ends normally (the dumper writes the heap after it returns).
import json
import sys


class Loop(object):
    pass


run_marker = ['run-mode-marker']
loop = Loop()
loop.me = loop
print(json.dumps(sys.argv[1:]))
