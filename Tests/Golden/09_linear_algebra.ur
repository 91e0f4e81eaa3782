# Factorisations. For W = [[3, 0], [4, 5]]: WᵀW = [[25, 20], [20, 25]] has eigenvalues 45 and 5,
# so the singular values are √45 = 3√5 ≈ 6.7082 and √5 ≈ 2.2361.
W = [[3, 0], [4, 5]]
U, S, V = svd(W)
S
U @ diag(S) @ V.T
svals(W)
spectral_norm([[2, 0], [0, 1]])
# expect: [6.7082 2.2361]
# expect: [[3. 0.]
# expect:  [4. 5.]]
# expect: [6.7082 2.2361]
# expect: 2

# QR: Q has orthonormal columns, R is upper triangular, and Q @ R gives back the matrix.
Q, R = qr([[1, 2], [3, 4]])
Q @ R
R[1, 0]
# expect: [[1. 2.]
# expect:  [3. 4.]]
# expect: 0

# Random orthogonal matrices: QᵀQ = I. Prescribed singular values come back from svals.
Q = orthogonal(3, seed=7)
norm(Q.T @ Q - eye(3)) < 1e-12
svals(with_singular_values([2, 0.5], seed=3))
# expect: true
# expect: [2.  0.5]

