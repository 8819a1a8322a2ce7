# A program to capture by attach (test/capture/attach.test.ts). Runs on CPython 2.7 and 3.6+.
# usage: target.py sleep|busy|threads|read|join
# It prints "ready" once set up; SIGUSR1 makes it print "alive" (proof it still runs, from its
# main thread); in "read" mode each stdin line comes back as "echo LINE". It prints nothing else,
# so any byte the capture adds to its stdout or stderr fails the test.
import os
import signal
import sys
import threading
import time

mode = sys.argv[1]
payload = [dict(n=i, name='item-%d' % i) for i in range(500)]  # something to find in the dump
counter = [0]


def on_usr1(signum, frame):
    sys.stdout.write('alive %s\n' % (len([t for t in threading.enumerate() if t.is_alive()]),))
    sys.stdout.flush()


def work():
    while True:
        counter[0] += 1
        if counter[0] % 1000 == 0:
            time.sleep(0.0005)


signal.signal(signal.SIGUSR1, on_usr1)
if mode == 'threads':
    for i in range(3):
        t = threading.Thread(target=work)
        t.daemon = True
        t.start()
sys.stdout.write('ready\n')
sys.stdout.flush()
if mode == 'read':
    while True:
        line = sys.stdin.readline()
        if not line:
            break
        sys.stdout.write('echo ' + line)
        sys.stdout.flush()
elif mode == 'busy':
    n = 0
    while True:
        n += 1
elif mode == 'threads':
    while True:
        time.sleep(0.05)
elif mode == 'join':
    # The main thread waits on a lock (a futex), the worker never ends.
    t = threading.Thread(target=work)
    t.daemon = True
    t.start()
    t.join()
else:
    while True:
        time.sleep(1000)
