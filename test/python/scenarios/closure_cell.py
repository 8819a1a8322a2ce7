# A recursive closure: function -> closure tuple -> cell -> function.
def make():
    def inner(n):
        return inner(n - 1) if n else 0
    return inner

f = make()

RELEASE = ['f']
