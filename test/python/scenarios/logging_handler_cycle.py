# A logging handler in a dead cycle: logging._handlerList holds a weakref to it whose callback,
# _removeHandlerRef, removes the weakref from that list; it is freed and counted.
import logging


class Keeper(object):
    pass

h = logging.Handler()
k = Keeper()
h.keeper = k
k.handler = h
# Its lock (a C heap type on 3.10+) would be printed by gc under a name the dump cannot tell.
h.lock = None

RELEASE = ['h', 'k']
