# Tensors larger than the element limit are refused.
zeros(100000, 100000)
# expect: 2 | zeros(100000, 100000)
# expect:   | ^^^^^^^^^^^^^^^^^^^^^ error: shape (100000, 100000) asks for more than 50000000 elements; use a smaller size

