# A module object freed by reference counting. 2.7's module_dealloc clears its globals
# (_PyModule_Clear sets them to None), so the function it defines, held only by that dict, is
# freed by reference counting; 3.x leaves the dict alone and the function <-> globals cycle is
# collected. (The source's code object stays alive: only the module's own objects die.)
import types

SOURCE = compile('def helper():\n    return 1\n\nclass Thing(object):\n    pass\n', 'dropped.py', 'exec')
mod = types.ModuleType('dropped')
exec(SOURCE, mod.__dict__)

RELEASE = ['mod']
