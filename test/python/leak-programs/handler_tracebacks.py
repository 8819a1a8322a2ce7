# A logging.Handler subclass that keeps every error record; each record's exc_info traceback keeps
# the frame of handle_job and, through its locals, a 64 KiB payload. 11 jobs fail. Runs on 2.7 and 3.x.
import logging
import sys

JOBS = 11


class Payload(object):
    def __init__(self, n):
        self.data = bytearray(64 * 1024)
        self.n = n


class RecentErrorsHandler(logging.Handler):
    def __init__(self):
        logging.Handler.__init__(self)
        self.records = []

    def emit(self, record):
        self.records.append(record)


recent = RecentErrorsHandler()
log = logging.getLogger('jobs')
log.addHandler(recent)
log.propagate = False


def handle_job(i):
    payload = Payload(i)
    try:
        raise ValueError('job %d failed' % i)
    except ValueError:
        log.error('job %d failed', i, exc_info=True)
    return payload.n


for i in range(JOBS):
    handle_job(i)
