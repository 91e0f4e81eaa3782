# One LSTM step written in the language (input size 2, hidden size 2).
#   i = σ(Wi [h; x] + bi)   f = σ(Wf [h; x] + bf)   o = σ(Wo [h; x] + bo)   g = tanh(Wg [h; x] + bg)
#   c' = f * c + i * g      h' = o * tanh(c')
Wi = [[0.1, -0.2, 0.3, 0.1], [0.0, 0.2, -0.1, 0.4]]
Wf = [[0.2, 0.1, -0.1, 0.3], [-0.3, 0.2, 0.1, 0.0]]
Wo = [[0.0, -0.1, 0.2, 0.2], [0.1, 0.3, 0.0, -0.2]]
Wg = [[0.4, 0.0, -0.3, 0.1], [0.2, -0.2, 0.1, 0.3]]
bi = [0.0, 0.1]
bf = [1.0, 1.0]
bo = [0.0, -0.1]
bg = [0.05, 0.0]

def lstm_step(h, c, x) {
  z = concat(h, x)
  i = sigmoid(Wi @ z + bi)
  f = sigmoid(Wf @ z + bf)
  o = sigmoid(Wo @ z + bo)
  g = tanh(Wg @ z + bg)
  c2 = f * c + i * g
  return (o * tanh(c2), c2)
}

h0 = [0.1, -0.1]
c0 = [0.5, -0.5]
x = [1.0, 2.0]
h1, c1 = lstm_step(h0, c0, x)
h2, c2 = lstm_step(h1, c1, x)
print("h1:", h1, "c1:", c1)
print("h2:", h2, "c2:", c2)

# How the second cell state depends on the first, along every path (directly through the
# forget gate, and through h1 = o * tanh(c1)).
J = jacobian(c2, c1)
L = sum(h2)
dWf = grad(L, Wf)
