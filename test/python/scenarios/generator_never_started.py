# A generator that never started, in a cycle through its argument. Up to 3.11 close() throws
# GeneratorExit into the fresh frame, which finishes and drops its locals; from 3.12 close()
# returns early and the frame keeps them. Either way the cycle goes, counted differently.
class Box(object):
    pass


def produce(box):
    yield box

box = Box()
gen = produce(box)
box.gen = gen

RELEASE = ['gen', 'box']
