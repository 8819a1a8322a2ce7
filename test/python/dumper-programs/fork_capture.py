# Dumps the same heap in-process and by fork (waiting for the writer), then checks that no child
# of ours is left for the program's os.wait() to see. DUMPER_DIR OUT_PREFIX
import gc
import os
import sys
sys.path.insert(0, sys.argv[1])
import heapscope_dump  # noqa: E402


class Node(object):
    pass


a, b = Node(), Node()
a.other, b.other = b, a
held = [a, b, {'k': a}]
gc.disable()
heapscope_dump.dump(sys.argv[2] + '.inproc.jsonl')
count = heapscope_dump.dump(sys.argv[2] + '.fork.jsonl', fork=True, wait=True, capture={'via': 'test'})
try:
    os.waitpid(-1, os.WNOHANG)
    children = 'some'
except OSError:
    children = 'none'
sys.stdout.write('{"count": %d, "children": "%s", "pid": %d}\n' % (count, children, os.getpid()))
