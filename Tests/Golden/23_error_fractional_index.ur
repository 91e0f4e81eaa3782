# An index must be whole.
x = [1, 2, 3]
x[0.5]
# expect: 3 | x[0.5]
# expect:   |   ^^^ error: an index must be a whole number, got 0.5

