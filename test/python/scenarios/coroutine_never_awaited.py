# A coroutine that was never awaited, in a cycle through its own argument. Its finalizer only
# warns ("was never awaited") and leaves the frame alone; the whole cycle is collected and
# counted. (2.7 has no coroutines: a plain cycle stands in.)
import sys
import warnings

warnings.simplefilter('ignore')


class Box(object):
    pass

box = Box()
if sys.version_info >= (3, 5):
    exec('async def work(box):\n    return box\n')
    co = work(box)
else:
    co = [box]
box.co = co

RELEASE = ['co', 'box']
