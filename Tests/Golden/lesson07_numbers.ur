# Lesson 7 (07-vanishing.md): |dh_T/dh_k|_2 for T = 30 and T - k in {1, 2, 5, 10, 20, 30},
# for W = with_singular_values(s * ones(4), seed=70) with s in {0.5, 0.9, 1.0, 1.1, 1.5},
# linear and tanh, and for the spread spectrum [1.5, 1.0, 0.5, 0.1].
# Tests/Reference/lesson_numbers.py reads the same matrices and inputs through
# 'unroll run --json', recomputes every norm with numpy and compares with the expected lines below.
n = 4
T = 30
X = 0.5 * randn(T, n, seed=71)
dists = [1, 2, 5, 10, 20, 30]
def run(W, nonlinear) {
  hs = [zeros(n)]
  for t in 0..T {
    a = W @ last(hs) + X[t]
    if nonlinear { hs = push(hs, tanh(a)) } else { hs = push(hs, a) }
  }
  return hs
}
def show(name, hs) {
  g = []
  for d in dists { g = push(g, spectral_norm(jacobian(hs[T], hs[T - d]))) }
  print(name, stack(g))
}
for s in [0.5, 0.9, 1.0, 1.1, 1.5] {
  W = with_singular_values(s * ones(n), seed=70)
  show("linear " + str(s), run(W, false))
  show("tanh " + str(s), run(W, true))
}
# expect: linear 0.5 [5.0000e-01 2.5000e-01 3.1250e-02 9.7656e-04 9.5367e-07 9.3132e-10]
# expect: tanh 0.5 [4.9911e-01 1.8649e-01 1.9357e-02 1.8392e-04 3.9418e-08 7.6378e-12]
# expect: linear 0.9 [0.9    0.81   0.5905 0.3487 0.1216 0.0424]
# expect: tanh 0.9 [8.9949e-01 5.3173e-01 2.8703e-01 5.8627e-02 1.4964e-03 7.8012e-05]
# expect: linear 1 [1. 1. 1. 1. 1. 1.]
# expect: tanh 1 [0.9971 0.6409 0.4501 0.1423 0.0102 0.0013]
# expect: linear 1.1 [ 1.1     1.21    1.6105  2.5937  6.7275 17.4494]
# expect: tanh 1.1 [1.0986 0.7538 0.6396 0.2799 0.0482 0.0124]
# expect: linear 1.5 [     1.5         2.25        7.5938     57.665    3325.2567 191751.0592]
# expect: tanh 1.5 [1.213  1.4436 1.0609 0.5602 0.839  1.4409]

Wspread = with_singular_values([1.5, 1.0, 0.5, 0.1], seed=70)
show("linear spread", run(Wspread, false))
show("tanh spread", run(Wspread, true))
# expect: linear spread [1.5    1.4094 0.9237 0.5254 0.1776 0.0575]
# expect: tanh spread [9.9374e-01 6.7257e-01 3.4175e-01 2.9472e-02 8.8199e-04 3.0153e-05]

z = linspace(-6, 6, 121)
s = sigmoid(z)
print("sigmoid_max_slope", [max(s * (1 - s))])
# expect: sigmoid_max_slope [0.25]

