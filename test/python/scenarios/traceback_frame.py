# A caught traceback stored on a local of the frame it references: frame -> local -> tb -> frame.
import sys


class Holder(object):
    pass


def fail():
    holder = Holder()
    try:
        raise ValueError('boom')
    except ValueError:
        holder.tb = sys.exc_info()[2]
    return holder

h = fail()

RELEASE = ['h']
