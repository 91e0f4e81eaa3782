# The tour from the language's specification, end to end. Gradients are checked against
# central finite differences computed in the language itself.
Whh = [[0.5, -0.2], [0.1, 0.3]]
Wxh = [[1, 0], [0, 1]]
def step(h, x) = tanh(Whh @ h + Wxh @ x)
h0 = zeros(2)
xs = [[1, 0], [0, 1], [1, 1], [0.5, -1]]
hs = [h0]
for t in 0..len(xs) { hs = push(hs, step(hs[-1], xs[t])) }
len(hs)
# expect: 5

def loss(ps, t) {
  l = 0
  for i in 0..len(t) { l = l - log(ps[i][t[i]]) }
  return l
}
ps = []
for h in hs[1:] { ps = push(ps, softmax(h)) }
targets = [0, 1, 1, 0]
L = loss(ps, targets)
# The same loss with cross_entropy (softmax of h against each target):
Lce = 0
for i in 0..4 { Lce = Lce + cross_entropy(hs[i + 1], targets[i]) }
abs(L - Lce) < 1e-12
# expect: true

# ∂L/∂Whh[0, 1] by finite differences: rerun the loop with Whh nudged by ±ε.
def loss_with(W) {
  h = zeros(2)
  total = 0
  for t in 0..len(xs) {
    h = tanh(W @ h + Wxh @ xs[t])
    total = total + cross_entropy(h, targets[t])
  }
  return total
}
eps = 1e-6
nudge = [[0, eps], [0, 0]]
fd = (loss_with(Whh + nudge) - loss_with(Whh - nudge)) / (2 * eps)
g = grad(L, Whh)
abs(g[0, 1] - fd) < 1e-8
# expect: true

# ∂h3/∂h1 is the product of the two step Jacobians diag(1 − h²) Whh.
J = jacobian(hs[3], hs[1])
norm(J - diag(1 - hs[3] * hs[3]) @ Whh @ diag(1 - hs[2] * hs[2]) @ Whh) < 1e-12
# expect: true

if norm(g) > 5 { g = g * (5 / norm(g)) } else { }
U, S, V = svd(Whh)
norm(U @ diag(S) @ V.T - Whh) < 1e-12
len(graph(L)) > 0

# expect: true
# expect: true

