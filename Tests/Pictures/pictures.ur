# Every kind of picture, for the SVG checks in test_svg_pictures.py: one picture per
# cell, in the order of NAMES there.
Whh = [[0.9, -0.4, 0.2], [0.3, 0.8, -0.5], [-0.2, 0.4, 0.7]]
Wxh = [[1.0, -0.5], [0.4, 0.9], [-0.7, 0.3]]
X = 0.5 * randn(100, 2, seed=16)
def states(T) {
  hs = [zeros(3)]
  for t in 0..T {
    hs = push(hs, tanh(Whh @ last(hs) + Wxh @ X[t]))
  }
  return hs
}
xs = linspace(0, 6.3, 100)
plot(tanh(xs - 3), x=xs, title="one series on a linear axis", xlabel="x", ylabel="tanh(x - 3)")
plot(exp(-xs), x=xs, log=true, title="one series on a log axis", xlabel="x", ylabel="exp(-x)")
plot(stack(tanh(xs - 3), tanh(3 - xs), xs / 6.3, square(xs / 6.3), exp(-xs)), x=xs, label=["tanh(x - 3)", "tanh(3 - x)", "x / 6.3", "(x / 6.3)²", "exp(-x)"], title="five series on a linear axis", xlabel="x")
dists = linspace(1, 30, 30)
plot(stack(0.5 ** dists, 0.9 ** dists, 1.0 ** dists, 1.1 ** dists, 1.5 ** dists), x=dists, log=true, label=["sigma 0.5", "sigma 0.9", "sigma 1.0", "sigma 1.1", "sigma 1.5"], title="five series on a log axis", xlabel="T - k", ylabel="sigma^(T-k)")
heatmap(randn(6, 8, seed=3), title="a 6 × 8 heatmap")
bar([3.5, -1.25, 2, 0.5], labels=["first", "second", "third", "fourth"], title="four bars, one negative")
h3 = states(3)
L = sum(square(last(h3)))
g3 = []
for h in h3 { g3 = push(g3, grad(L, h)) }
draw_unrolled(h3, g3, W=Whh, title="T = 3 with gradients")
draw_unrolled(states(30), W=Whh, title="T = 30")
draw_unrolled(states(100), W=Whh, title="T = 100")
draw_factors(states(5), W=Whh, heatmap=0, title="factors of 5 steps")
draw_factors(states(100), W=Whh, title="factors of 100 steps")
