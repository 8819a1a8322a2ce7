# Installs heapscope_dump's signal handler, sends itself SIGUSR1 and prints the dump files that
# appeared. Usage: python signal_mode.py DUMPER_DIR OUT_DIR
import json
import os
import signal
import sys
import time

sys.path.insert(0, sys.argv[1])
import heapscope_dump  # noqa: E402

signal_marker = ['signal-mode-marker']
heapscope_dump.install_signal_handler(signal.SIGUSR1, sys.argv[2])
os.kill(os.getpid(), signal.SIGUSR1)
deadline = time.time() + 60
while not os.listdir(sys.argv[2]) and time.time() < deadline:
    time.sleep(0.01)
print(json.dumps(sorted(os.listdir(sys.argv[2]))))
