# A traceback kept after its function returned: its frame's locals must be labelled by name.
# DUMPER_DIR OUT; prints the ids the test looks up.
import sys
sys.path.insert(0, sys.argv[1])
import heapscope_dump  # noqa: E402


class Payload(object):
    pass


def handle_job(n):
    payload = Payload()
    other = [n]
    try:
        raise ValueError('boom')
    except ValueError:
        return sys.exc_info()[2], payload, other


tb, payload, other = handle_job(7)
heapscope_dump.dump(sys.argv[2])
sys.stdout.write('{"tb": %d, "frame": %d, "payload": %d, "other": %d, "line": %d}\n' % (
    id(tb), id(tb.tb_frame), id(payload), id(other), tb.tb_frame.f_lineno))
