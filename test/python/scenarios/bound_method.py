# An instance holding one of its own bound methods.
class Widget(object):
    def on_click(self):
        return self

w = Widget()
w.handler = w.on_click

RELEASE = ['w']
