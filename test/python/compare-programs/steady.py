# A program that dumps its own heap three times with nothing changing in between (the dumper
# imported in-process, as a user would). argv: DUMPER_DIR OUT_PREFIX. Prints the files as JSON.
import json
import sys

sys.path.insert(0, sys.argv[1])
import heapscope_dump  # noqa: E402

data = [dict(n=i, name='item-%d' % i) for i in range(500)]
files = ['%s-%d.jsonl' % (sys.argv[2], n) for n in (1, 2, 3)]  # made before the first dump
for out in files:
    heapscope_dump.dump(out)
sys.stdout.write(json.dumps({'files': files}) + '\n')
