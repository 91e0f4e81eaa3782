# User functions check their argument count.
def step(h, x) = tanh(h + x)
step(1)
# expect: 3 | step(1)
# expect:   | ^^^^^^^ error: 'step' takes 2 arguments but 1 was given
# expect:   = note: defined as step(h, x)

