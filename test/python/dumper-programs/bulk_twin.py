# A heap of every kind the dumper's bulk path writes (and some it leaves to the general loop),
# dumped once with dump(OUT, _twin=TWIN): TWIN is the same census written by the general loop
# alone. Usage: python bulk_twin.py DUMPER_DIR OUT TWIN
import sys
import weakref
sys.path.insert(0, sys.argv[1])
import heapscope_dump  # noqa: E402


class Small(object):
    def __init__(self, i, parent):
        self.i = i
        self.parent = parent


class Slotted(object):
    __slots__ = ('a', 'b', '__weakref__')


class WithDel(object):
    def __del__(self):
        pass


class Old:
    pass


class D(dict):
    pass


class L(list):
    pass


root = Small(-1, None)
items = [Small(i, root) for i in range(20000)]
for i in range(0, 20000, 7):
    items[i].extra = 'x%d' % i  # a different key set (3.11+: some instances get a real __dict__)
slotted = []
for i in range(2000):
    s = Slotted()
    s.a = i * 1.5
    if i % 2:
        s.b = (i, str(i))
    slotted.append(s)
texts = [u'\ud800lone', u'\U0001f600 astral', u'caf\xe9', 'q"uo\\te\n', b'bytes\x00\xff', 'x' * 200, u'%s%d'] * 30
big_list = list(range(120000))  # continuation records
big_tuple = tuple(range(5000))
dicts = [{'k%d' % j: j for j in range(i % 20)} for i in range(3000)]
int_keys = [{i: 'v', i + 1: None} for i in range(500)]
empties = [[], (), {}, set(), frozenset()]
numbers = [10 ** 30, -5, 2 ** 62, -2 ** 63, 1.25, float('inf'), True, None, complex(1, 2), frozenset([1, 2]), set([3, 4])]
refs = [weakref.ref(s) for s in slotted[:100]]
sub = [D(a=1, b=[1, 2]), L([1, 2, 3])]
gens = [(lambda: (yield 1))() for i in range(10)]
doomed = [WithDel(), WithDel()]
olds = [Old() for i in range(100)]
lams = [lambda x, i=i: x + i for i in range(100)]
n = heapscope_dump.dump(sys.argv[2], _twin=sys.argv[3])
sys.stdout.write('%d\n' % n)
