# Two closures sharing a cell that holds a list containing both of them.
def make():
    box = []

    def get():
        return box

    def put(x):
        box.append(x)
    box.append(get)
    box.append(put)
    return get, put

g, p = make()

RELEASE = ['g', 'p']
