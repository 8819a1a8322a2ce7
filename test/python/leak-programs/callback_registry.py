# A registry of bound-method callbacks: each registered listener.on_event keeps its Listener (and a
# 16 KiB buffer) alive although nobody else uses it. 40 listeners. Runs on 2.7 and 3.x.
LISTENERS = 40


class EventBus(object):
    def __init__(self):
        self.callbacks = []

    def subscribe(self, callback):
        self.callbacks.append(callback)


class Listener(object):
    def __init__(self, n):
        self.n = n
        self.buf = bytearray(16 * 1024)

    def on_event(self, event):
        return self.n


bus = EventBus()
for i in range(LISTENERS):
    bus.subscribe(Listener(i).on_event)
