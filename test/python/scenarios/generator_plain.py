# A suspended generator whose frame holds an object that holds the generator.
class Box(object):
    pass


def produce(box):
    while True:
        yield box

box = Box()
gen = produce(box)
box.gen = gen
next(gen)

RELEASE = ['gen', 'box']
