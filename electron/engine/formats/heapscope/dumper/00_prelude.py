# -*- coding: utf-8 -*-
# Built from the parts in dumper/ beside this file (scripts/build-dumper.mjs): edit those, then `npm run build:dumper`.
"""heapscope_dump: write the live heap of this CPython process as a heapscope dump (FORMAT.md v1.0).

One pure-stdlib file that runs unchanged on CPython 2.7 and 3.6+. Use it in three ways:

    import heapscope_dump; heapscope_dump.dump("heap.jsonl.gz")        # in-process
    python heapscope_dump.py run SCRIPT [ARGS...] --out FILE             # dump when SCRIPT ends
    heapscope_dump.install_signal_handler(signal.SIGUSR1, "/tmp/dumps")  # dump on a signal

Start reading at dump(). It works in passes so that the dump does not change what it measures:
  1. census: gc.get_objects() plus every untracked object reachable through gc.get_referents
     (and through the hidden references of code objects and static types), minus the dumper's own
     objects (its frames, containers, the census list itself);
  2. refcounts: one C-level pass, array('l', map(sys.getrefcount, census)), while no other dumper
     structure holds a census object, less a calibrated constant and the dumper's own references;
  3. write: one line per object, labels computed by identity only (never __dict__, f_locals,
     vars(), dir(), repr() of user objects, or any attribute that creates objects).
gc is disabled throughout and never collected; the switch interval is raised so other threads
rarely run; all of it is restored afterwards.
"""
import sys
_PRE_MODULES = frozenset(sys.modules)  # loaded before the dumper's own imports (see _drop_private)
_PRE_FINDERS = frozenset(sys.path_importer_cache)

import gc  # noqa: E402
import os  # noqa: E402
import sys  # noqa: E402,F811
import time  # noqa: E402
import _weakref  # noqa: E402 - the C module: `weakref` would import collections, types...
import zlib  # noqa: E402


PY = sys.version_info[:2]
PY2 = PY[0] == 2
_THIS_FILE = os.path.abspath(__file__)
if _THIS_FILE.endswith(('.pyc', '.pyo')):
    _THIS_FILE = _THIS_FILE[:-1]

if PY2:
    from itertools import imap as _map
    _text_type = unicode  # noqa: F821
    _int_types = (int, long)  # noqa: F821
    _BUILTINS_MOD = '__builtin__'
    import __builtin__ as _builtins_module  # noqa: F401
else:
    _map = map
    _text_type = str
    _int_types = (int,)
    _BUILTINS_MOD = 'builtins'
    import builtins as _builtins_module  # noqa: F401

_getrefcount = sys.getrefcount
_get_referents = gc.get_referents
_getsizeof = sys.getsizeof
if PY2:
    import array  # 3.x: not imported (see _RC_SHIFT)
    _array = array.array
else:
    _array = None
_P = 8 if sys.maxsize > 1 << 32 else 4
_IMMORTAL_MIN = 1 << 31  # 3.12+: an immortal refcount reads >= 2**31 (its low 32 bits are negative)

# Descriptors read from `type` itself, so a metaclass that overrides __getattribute__ or defines a
# property of the same name can never run user code while we read a class.
_type_dict = type.__dict__
_T_NAME = _type_dict['__name__'].__get__
_T_MODULE = _type_dict['__module__'].__get__
_T_MRO = _type_dict['__mro__'].__get__
_T_BASES = _type_dict['__bases__'].__get__
_T_BASE = _type_dict['__base__'].__get__
_T_DICT = _type_dict['__dict__'].__get__
_T_FLAGS = _type_dict['__flags__'].__get__
_TPFLAGS_HEAPTYPE = 1 << 9
_TPFLAGS_HAVE_GC = 1 << 14
_TPFLAGS_READY = 1 << 12
_CO_NEWLOCALS = 0x2


def _f():  # a sample function and generator to learn their types
    yield 1


_FunctionType = type(_f)
_GeneratorType = type(_f())
_CodeType = type(_f.__code__)
_FrameType = type(sys._getframe())
_CellType = type((lambda x: (lambda: x))(0).__closure__[0])
_ModuleType = type(sys)


_MethodType = type(_f.__get__(0))  # a bound method (no sample class: it would stay as garbage)
del _f

_WEAK_TYPES = (_weakref.ref, _weakref.ProxyType, _weakref.CallableProxyType)
_ref_call = _weakref.ref.__call__
_SETUP_LOOP = 120  # 2.7 opcode: the only block PyGen_NeedsFinalizing ignores

try:
    _STDLIB = os.path.dirname(os.path.abspath(os.__file__))
except Exception:  # pragma: no cover
    _STDLIB = None

