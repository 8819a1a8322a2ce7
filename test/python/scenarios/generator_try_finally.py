# A generator suspended inside try/finally, in a cycle: a legacy finalizer on 2.7 (uncollectable),
# closed by tp_finalize on 3.4+.
class Box(object):
    pass


def produce(box):
    try:
        yield box
        yield box
    finally:
        box.closed = True

box = Box()
gen = produce(box)
box.gen = gen
next(gen)

RELEASE = ['gen', 'box']
