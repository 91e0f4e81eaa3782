# A computed index must be whole too.
x = [1, 2, 3]
t = 1
x[t + 0.5]
# expect: 4 | x[t + 0.5]
# expect:   |   ^^^^^^^ error: an index must be a whole number, got 1.5
