# ----------------------------------------------------------------------------------------------
class _Writer(object):
    """Buffered output: joins lines and writes in large blocks. gzip goes through zlib directly
    (wbits=31 writes the gzip container): gzip.GzipFile builds reference cycles on 3.12+ that,
    with gc disabled, would outlive the dump."""

    def __init__(self, path, level):
        self.f = open(path, 'wb')
        self.buf = []
        self.z = zlib.compressobj(level, zlib.DEFLATED, 31) if path.endswith('.gz') else None
        self.general = False

    def flush(self):
        if self.buf:
            self.buf.append('')
            data = '\n'.join(self.buf)
            data = data.encode('utf-8') if not PY2 or isinstance(data, _text_type) else data
            self.f.write(self.z.compress(data) if self.z is not None else data)
            del self.buf[:]  # the writer loop keeps a reference to this very list

    def close(self):
        try:
            self.flush()
            if self.z is not None:
                self.f.write(self.z.flush())
        finally:
            self.f.close()


# ----------------------------------------------------------------------------------------------
# Continuation records (FORMAT.md, "Continuation records"): an object with more than _CHUNK
# referents is written as its record with the first _CHUNK of them plus "ec" (the total), then
# {"k":"more","a":A,"o":OFFSET,"e":[...],"l":[...]} lines right after it, so no line grows with
# the container. A dump that has them says version 2.0 (a 1.x reader would skip them silently).
_CHUNK = 100000
_SEQ_LABELS = object()  # stands for the index labels "[n-1]".."[0]" of a big list or tuple


def _note_big(st, chunk):
    """Census hook, for a batch whose referents together exceed _CHUNK: does one object?"""
    for o in chunk:
        if len(_get_referents(o)) > _CHUNK:
            st.big = True
            return


def _split_labels(frag):
    """The JSON tokens (`null` or a string, still encoded) of a fragment ',"l":[...]'. A comma
    inside a string only splits it in pieces that do not end in an unescaped quote: rejoin those."""
    out = []
    cur = None
    for piece in frag[len(',"l":['):-1].split(','):
        cur = piece if cur is None else cur + ',' + piece
        if cur == 'null' or (len(cur) >= 2 and cur[-1] == '"' and (len(cur) - 1 - len(cur[:-1].rstrip('\\'))) % 2 == 0):
            out.append(cur)
            cur = None
    return out


def _format_version(st):
    return [2, 0] if getattr(st, 'big', False) else [1, 0]


def _write_big(st, w, head, a, eids, lfrag, extra):
    """Writes one object with more than _CHUNK referents; `head` is its record up to "x"."""
    n = len(eids)
    if lfrag is _SEQ_LABELS:
        labels = None
    elif lfrag:
        labels = _split_labels(lfrag)  # a ready fragment (dict keys...)
    else:
        labels = ()
    step = _CHUNK if getattr(st, 'big', False) else n  # not foreseen by the census: one line
    for s in range(0, n, step):
        e = eids[s:s + step]
        if labels is None:
            lf = ',"l":[%s]' % ','.join(['"[%d]"' % i for i in range(n - 1 - s, n - 1 - s - len(e), -1)])
        else:
            part = labels[s:s + step]
            lf = ',"l":[%s]' % ','.join(part) if part.count('null') != len(part) else ''
        if s == 0:
            more = ',"ec":%d' % n if step < n else ''
            w.buf.append('%s,"e":[%s]%s%s%s}' % (head, ','.join(_map(str, e)), lf, extra, more))
        else:
            w.buf.append('{"k":"more","a":%d,"o":%d,"e":[%s]%s}' % (a, s, ','.join(_map(str, e)), lf))
        w.flush()  # one chunk of text at a time, never the whole container


# ----------------------------------------------------------------------------------------------
class _State(object):
    """Everything the dumper keeps during one dump. Held only by dump()'s frame and excluded
    from the census; __slots__ so its references are visible to gc.get_referents (see _adjust)."""
    __slots__ = ('objs', 'ntracked', 'excl', 'ids', 'inner', 'dirty', 'hidden', 'weak', 'k',
                 'was_enabled', 'switch', 'notes', 'path', 'level', 'labels', 'names', 'outer',
                 'held', 'sigframe', 'sigtuples', 'adj', 'dropped', 'ident', 'capture', 'forked', 'big', 'stacks',
                 'pending')


_LAYOUT = _TypeLayout()
# Some objects are built lazily on first use and then kept for good (3.6/3.7 keep the keyword
# tuple of io.open's argument parser...): make them now, at
# import, so that a dump leaves the heap exactly as it found it.
with open(os.devnull, 'wb') as _f:
    _f.write(b'')
_g = zlib.compressobj(1, zlib.DEFLATED, 31)
_g.compress(b'x')
_g.flush()
del _f, _g
_mem_close()  # the layout checks above opened it; each dump opens its own
_OPTIONS = ('compresslevel', 'labels', 'names', '_outer', '_held', '_sigframe', '_options', 'fork', 'capture', 'wait', '_twin')


