# Rounding a NaN or an infinity is refused: in an index computation it is always a bug.
x = [1.5, log(0)]
floor(x)
# expect: 3 | floor(x)
# expect:   | ^^^^^^^^ error: 'floor' needs finite numbers, but its operand holds -inf
