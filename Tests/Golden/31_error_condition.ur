# Conditions must be a boolean or a single number.
g = [3, 4]
if g > 1 { print("?") }
# expect: 3 | if g > 1 { print("?") }
# expect:   |    ^^^^^ error: a condition must be true/false or a single number, got a tensor of shape (2,)
# expect:   = note: compare explicitly, e.g. norm(g) > 5, or reduce with sum/max first

