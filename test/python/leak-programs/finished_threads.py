# Finished threads kept in a list: each Worker thread ran, stored a 16 KiB result on itself and
# ended, but the `workers` list of a Pool still holds all 25 Thread objects. Runs on 2.7 and 3.x.
import threading

WORKERS = 25


class Worker(threading.Thread):
    def __init__(self, n):
        threading.Thread.__init__(self)
        self.n = n
        self.result = None

    def run(self):
        self.result = bytearray(16 * 1024)


class Pool(object):
    def __init__(self):
        self.workers = []

    def submit(self, n):
        w = Worker(n)
        self.workers.append(w)
        w.start()
        w.join()


pool = Pool()
for i in range(WORKERS):
    pool.submit(i)
