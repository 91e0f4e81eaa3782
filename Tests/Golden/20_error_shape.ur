# A shape mismatch names both shapes and underlines the whole product.
W = [[0.5, -0.2], [0.1, 0.3]]
x = [1, 2, 3]
y = W @ x
print("never reached")
# expect: 4 | y = W @ x
# expect:   |     ^^^^^ error: shapes (2, 2) and (3,) cannot be multiplied: inner sizes 2 and 3 differ

