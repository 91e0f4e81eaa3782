# min-char-rnn, written out in the language: a vanilla RNN that reads a text one
# character at a time, learns to predict the next one with truncated BPTT over T
# characters, clips its gradients to [-5, 5] and updates with Adagrad.
#
#   h_t = tanh(Wxh[:, x_t] + Whh @ h_(t-1) + bh)      (a one-hot input picks a column of Wxh)
#   p_t = softmax(Why @ h_t + by)                     loss = sum over t of -ln p_t[x_(t+1)]
#
# The training loop is lesson 16's (lessons/16-min-char-rnn.md), the natural way: one
# backward sweep for the five gradients, updates without `detach`. The settings block is
# replaced by bench/lang_char_rnn.sh and by the tests.
# --- settings ---
text = "the cat sat on the mat. the dog sat on the log. a cat and a dog met on the mat.\n"
H = 16
T = 10
iters = 300
# --- end of settings ---

v = char_vocab(text)
V = v.size
data = encode(text, v)

# --- lesson 16's cells, word for word (MinCharRNNExampleTests keeps them identical) ---
def adagrad(params, grads, mems, lr) {
  new_params = []
  new_mems = []
  for k in 0..len(params) {
    g = clip(grads[k], -5, 5)
    mk = mems[k] + g * g
    new_mems = push(new_mems, mk)
    new_params = push(new_params, params[k] - lr * g / sqrt(mk + 1e-8))
  }
  return (new_params, new_mems)
}

def train_loop(params, iters) {
  mems = [zeros(H, V), zeros(H, H), zeros(V, H), zeros(H), zeros(V)]
  first_losses = []              # the first ten, to compare with the native trainer
  smooth = T * log(V)            # the loss of a uniform guess, where training starts
  p = 0
  for n in 0..iters {
    if n == 0 or p + T + 1 > len(data) {
      p = 0
      hprev = zeros(H)
    }
    Wxh, Whh, Why, bh, by = params
    h = hprev
    loss = 0
    for t in p..p + T {
      h = tanh(Wxh[:, data[t]] + Whh @ h + bh)
      loss = loss + cross_entropy(Why @ h + by, data[t + 1])
    }
    params, mems = adagrad(params, grad(loss, params), mems, 0.1)
    if n < 10 { first_losses = push(first_losses, item(loss)) }
    smooth = 0.999 * smooth + 0.001 * item(loss)
    hprev = h
    p = p + T
  }
  return (params, first_losses, smooth)
}
# --- end of lesson 16's cells ---

model = char_model(v, hidden=H, seed=42)
trained, first_losses, smooth = train_loop([model.Wxh, model.Whh, model.Why, model.bh, model.by], iters)
print("iter", iters, "loss", smooth)
