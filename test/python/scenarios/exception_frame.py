# An exception object kept in a local of the frame its traceback references.
import sys


class Boom(Exception):
    pass


def catch():
    try:
        raise Boom()
    except Boom:
        err = sys.exc_info()[1]
        err.saved_tb = sys.exc_info()[2]
    return err

e = catch()

RELEASE = ['e']
