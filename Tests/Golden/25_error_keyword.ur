# Misspelled keyword arguments.
randn(3, sed=1)
# expect: 2 | randn(3, sed=1)
# expect:   |          ^^^ error: 'randn' has no parameter 'sed'
# expect:   = note: did you mean 'seed'?
# expect:   = note: usage: randn(*shape, seed=none)

