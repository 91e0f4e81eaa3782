# Argument checking lives in one place and numbers the argument.
matmul([[1, 2], [3, 4]], 5)
# expect: 2 | matmul([[1, 2], [3, 4]], 5)
# expect:   |                          ^ error: bad argument #2 to 'matmul' (expected a vector or a matrix, got shape ())

