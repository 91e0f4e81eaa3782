# min-char-rnn, written out in the language: a vanilla RNN that reads a text one
# character at a time, learns to predict the next one with truncated BPTT over T
# characters, clips its gradients to [-5, 5] and updates with Adagrad.
#
#   h_t = tanh(Wxh[:, x_t] + Whh @ h_(t-1) + bh)      (a one-hot input picks a column of Wxh)
#   p_t = softmax(Why @ h_t + by)                     loss = Σ_t −ln p_t[x_(t+1)]
#
# The settings block is replaced by bench/lang_char_rnn.sh and by the tests.
# --- settings ---
text = "the cat sat on the mat. the dog sat on the log. a cat and a dog met on the mat.\n"
H = 16
T = 10
iters = 300
report_every = 100
# --- end of settings ---

v = char_vocab(text)
V = v.size
data = encode(text, v)
model = char_model(v, hidden=H, seed=42)
Wxh = model.Wxh
Whh = model.Whh
Why = model.Why
bh = model.bh
by = model.by

# Adagrad's memory: the running sum of squared gradients of each parameter.
mWxh = zeros(H, V)
mWhh = zeros(H, H)
mWhy = zeros(V, H)
mbh = zeros(H)
mby = zeros(V)
lr = 0.1

smooth = -log(1 / V) * T       # the loss of a uniform guess, where training starts
losses = []                    # the first ten losses, to compare with train()
n = 0
p = 0
while n < iters {
  # Start at the beginning of the text (with a zero state) at first and at the end.
  if p + T + 1 > len(data) or n == 0 {
    hprev = zeros(H)
    p = 0
  }

  # Forward through T characters, adding up the loss.
  h = hprev
  loss = 0
  for t in p..p + T {
    h = tanh(Wxh[:, data[t]] + Whh @ h + bh)
    loss = loss + cross_entropy(Why @ h + by, data[t + 1])
  }

  # Backward: every gradient from one sweep, then clipped as min-char-rnn does.
  dWxh, dWhh, dWhy, dbh, dby = grad(loss, [Wxh, Whh, Why, bh, by])
  dWxh = clip(dWxh, -5, 5)
  dWhh = clip(dWhh, -5, 5)
  dWhy = clip(dWhy, -5, 5)
  dbh = clip(dbh, -5, 5)
  dby = clip(dby, -5, 5)

  # Adagrad: a gradient step starts each parameter's history afresh.
  mWxh = mWxh + dWxh * dWxh
  mWhh = mWhh + dWhh * dWhh
  mWhy = mWhy + dWhy * dWhy
  mbh = mbh + dbh * dbh
  mby = mby + dby * dby
  Wxh = Wxh - lr * dWxh / sqrt(mWxh + 1e-8)
  Whh = Whh - lr * dWhh / sqrt(mWhh + 1e-8)
  Why = Why - lr * dWhy / sqrt(mWhy + 1e-8)
  bh = bh - lr * dbh / sqrt(mbh + 1e-8)
  by = by - lr * dby / sqrt(mby + 1e-8)

  smooth = smooth * 0.999 + loss * 0.001
  if n < 10 { losses = push(losses, item(loss)) }
  if n % report_every == 0 { print("iter", n, "loss", smooth) }
  hprev = h
  p = p + T
  n = n + 1
}
print("iter", n, "loss", smooth)
