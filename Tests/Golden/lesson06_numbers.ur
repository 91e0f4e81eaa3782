# Lesson 6 (06-gradient-flow.md): the factors dh_t/dh_(t-1) = diag(1 - h_t^2) Whh of the
# lesson's network, their norms and singular values, the running products and the
# assembled gradient. Tests/Reference/lesson_numbers.py recomputes every number with numpy
# from the same literals and compares it with the expected lines below.
Whh = [[ 0.9, -0.4,  0.2],
       [ 0.3,  0.8, -0.5],
       [-0.2,  0.4,  0.7]]
Wxh = [[ 1.0, -0.5],
       [ 0.4,  0.9],
       [-0.7,  0.3]]
X = [[ 1.0,  0.0],
     [ 0.0,  1.0],
     [ 1.0,  1.0],
     [-1.0,  0.5],
     [ 0.5, -1.0]]
T = 5
hs = [zeros(3)]
for t in 0..T { hs = push(hs, tanh(Whh @ last(hs) + Wxh @ X[t])) }
Js = [eye(3)]
for t in 1..T + 1 {
  d = 1 - hs[t] * hs[t]
  J = diag(d) @ Whh
  Js = push(Js, J)
  print("slopes", t, d)
  print("factor_norm", t, [spectral_norm(J)])
  print("factor_svals", t, svals(J))
}
# expect: slopes 1 [0.42   0.8556 0.6347]
# expect: factor_norm 1 [0.8527]
# expect: factor_svals 1 [0.8527 0.5476 0.383 ]
# expect: slopes 2 [0.9924 0.1172 0.9849]
# expect: factor_norm 2 [1.0423]
# expect: factor_svals 2 [1.0423 0.7604 0.1133]
# expect: slopes 3 [0.9996 0.0597 0.9915]
# expect: factor_norm 3 [1.0497]
# expect: factor_svals 3 [1.0497 0.7653 0.0578]
# expect: slopes 4 [0.1405 0.5022 0.3211]
# expect: factor_norm 4 [0.4988]
# expect: factor_svals 4 [0.4988 0.268  0.1329]
# expect: slopes 5 [0.9977 0.5401 0.8593]
# expect: factor_norm 5 [1.0316]
# expect: factor_svals 5 [1.0316 0.6904 0.5097]

# Running products dh_T/dh_k = J_T ... J_(k+1) and their spectral norms, k = 4, 3, 2, 1, 0.
P = eye(3)
norms = []
for i in 0..T {
  P = P @ Js[T - i]
  norms = push(norms, spectral_norm(P))
}
print("product_norms", stack(norms))
# expect: product_norms [1.0316 0.3589 0.2192 0.1864 0.1247]

# dL_T/dWhh for L_T = 0.5 |h_T - target|^2, by autodiff.
target = [0.5, -0.5, 0.2]
L_T = 0.5 * sum(square(hs[T] - target))
print("dLT_dWhh", grad(L_T, Whh))
# expect: dLT_dWhh [[ 0.4013 -0.4265 -0.3459]
# expect:  [ 0.0908  0.0176 -0.0879]
# expect:  [-0.1644  0.0744  0.1498]]

