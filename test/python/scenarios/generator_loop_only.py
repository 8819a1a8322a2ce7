# A generator suspended inside a for loop (no try block): not a legacy finalizer on 2.7.
class Box(object):
    pass


def produce(box):
    for i in range(10):
        yield box

box = Box()
gen = produce(box)
box.gen = gen
next(gen)

RELEASE = ['gen', 'box']
