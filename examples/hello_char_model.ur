# The "hello" character model: a vanilla RNN reads "hell" and predicts "ello".
# Vocabulary [h, e, l, o]; hidden size 3; fixed small weights so the numbers can be
# checked by hand or with numpy (examples/reference/reference.py).
vocab = ["h", "e", "l", "o"]
inputs = [0, 1, 2, 2]      # h e l l
targets = [1, 2, 2, 3]     # e l l o

Wxh = [[0.1, -0.2, 0.3, 0.0], [0.0, 0.2, -0.1, 0.4], [-0.3, 0.1, 0.2, 0.1]]
Whh = [[0.5, -0.1, 0.0], [0.2, 0.4, -0.3], [0.0, 0.1, 0.6]]
Why = [[0.3, -0.2, 0.1], [0.1, 0.4, -0.3], [-0.2, 0.2, 0.5], [0.4, 0.0, -0.1]]
bh = [0.01, -0.02, 0.03]
by = [0.0, 0.1, -0.1, 0.05]

# h_t = tanh(Wxh x_t + Whh h_{t-1} + bh),  y_t = Why h_t + by,  p_t = softmax(y_t)
def step(h, x) = tanh(Wxh @ x + Whh @ h + bh)

hs = [zeros(3)]
ps = []
loss = 0
for t in 0..len(inputs) {
  h = step(hs[-1], onehot(inputs[t], 4))
  hs = push(hs, h)
  y = Why @ h + by
  ps = push(ps, softmax(y))
  loss = loss + cross_entropy(y, targets[t])
}
print("loss:", loss)

# The most likely next character after each input.
for t in 0..len(inputs) { print(vocab[inputs[t]], "->", vocab[argmax(ps[t])]) }

# Backpropagation through time, read off the recorded graph.
dWhh = grad(loss, Whh)
dWxh = grad(loss, Wxh)
dh1 = grad(loss, hs[1])
print("dWhh:", dWhh)
