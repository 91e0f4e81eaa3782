# grad: L = Σ w², so ∂L/∂w = 2w.
w = [1, -2, 3]
L = sum(w * w)
grad(L, w)
# expect: [ 2. -4.  6.]

# Through a matrix product: y = tanh(W @ x), L = Σy, ∂L/∂W = outer(1 − y², x).
W = [[0.5, -0.2], [0.1, 0.3]]
x = [1, 2]
y = tanh(W @ x)
L = sum(y)
grad(L, W) - outer(1 - y * y, x)
# expect: [[0. 0.]
# expect:  [0. 0.]]

# Gradient with respect to an intermediate value (a hidden state).
h1 = tanh(W @ x)
h2 = tanh(W @ h1)
jacobian(h2, h1) - diag(1 - h2 * h2) @ W
# expect: [[0. 0.]
# expect:  [0. 0.]]

# detach cuts the graph: only the second factor is differentiated.
v = [2, 3]
grad(sum(detach(v) * v), v)
# expect: [2. 3.]

graph(L)
# expect: %1 = leaf  (2, 2)  # W
# expect: %2 = leaf  (2,)  # x
# expect: %3 = matmul(%1, %2)  (2,)
# expect: %4 = tanh(%3)  (2,)  # y
# expect: %5 = sum(%4)  ()  # L


# Several gradients from one backward sweep: a list (or tuple) of targets gives a list back.
# Numbers held in variables stay differentiable inside brackets.
a = 2
c = 3
grad(sum([a, c] * [a, c]), a)
w = [1, 2]
L = c * sum(w * w)
grad(L, [w, c])
grad(L, (w, c))
# expect: 4
# expect: [[ 6. 12.], 5]
# expect: ([ 6. 12.], 5)
