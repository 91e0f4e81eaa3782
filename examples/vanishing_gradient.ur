# Vanishing and exploding gradients: W = σ·Q with Q orthogonal has every singular value
# equal to σ. For the linear recurrence h_t = W h_{t-1}, ∂h_T/∂h_0 = W^T, whose singular
# values are all σ^T: the gradient shrinks (σ < 1) or grows (σ > 1) geometrically.
H = 8
T = 20
Q = orthogonal(H, seed=7)

def unroll(W, h0, steps) {
  hs = [h0]
  for t in 0..steps { hs = push(hs, W @ hs[-1]) }
  return hs
}

def gradient_norm(sigma) {
  hs = unroll(sigma * Q, randn(H, seed=1), T)
  return spectral_norm(jacobian(hs[-1], hs[0]))
}

shrink = gradient_norm(0.9)     # 0.9^20 ≈ 0.1216
keep = gradient_norm(1.0)       # 1
grow = gradient_norm(1.1)       # 1.1^20 ≈ 6.7275
print("sigma 0.9:", shrink, " 1.0:", keep, " 1.1:", grow)

# With tanh the derivative 1 − h² ≤ 1 multiplies in at every step, so even σ = 1 decays.
def tanh_gradient_norm(sigma) {
  hs = [randn(H, seed=1)]
  for t in 0..T { hs = push(hs, tanh(sigma * Q @ hs[-1])) }
  return spectral_norm(jacobian(hs[-1], hs[0]))
}
with_tanh = tanh_gradient_norm(1.0)
print("with tanh, sigma 1.0:", with_tanh)
