# census_bare.py, then the dumper the way the attach helpers inject it: exec'd from a string
# into a private namespace that is not in sys.modules. DUMPER OUT
import sys
items = [1, 2, 3]


class Marker(object):
    pass


marker = Marker()
exec(compile("ns = {'__name__': '__heapscope_dump__', '__file__': PATH}\n"
             "exec(compile(open(PATH, 'rb').read(), PATH, 'exec'), ns)\n"
             "ns['dump'](OUT, capture={'method': 'attach-test'})\n", '<string>', 'exec'),
     {'PATH': sys.argv[1], 'OUT': sys.argv[2]})
