plot([1e308, -1e308])
plot([1, 2], x=[-1e308, 1e308])
heatmap([[1e308, -1e308]])
bar([0/0, 1/0, -1/0], labels=["nan", "inf", "-inf"])

x = [1e308, -1e308, 5e-324, 0/0, 1/0, -1/0, -0.0]
y = x * x
print(y, sum(y), max(y), softmax(x), tanh(x), exp(x), log(x))
sort_ok = x == x

W = with_singular_values([1e308, 1e-308], seed=1)
svd(W)
svals(zeros(3, 3))
spectral_norm([[0/0, 1], [1, 1]])
qr([[1/0, 0], [0, 1]])

zeros(0)
zeros(0, 3) @ zeros(3, 0)
ones(1, 0).T
reshape(zeros(0), 0, 5)
stack(zeros(0))
concat(zeros(0), zeros(0))
randn(1000000)
zeros(1e6, 2)
zeros(1e7)
zeros(-1)
zeros(0.5)

s = "ab"
for i in 0..40 { s = s + s }
q = [zeros(2), "x"]
for i in 0..40 { q = q + q }

t = []
for i in 0..200 { t = [t] }
str(t)

h = [zeros(3)]
W = randn(3, 3, seed=2)
for i in 0..300 { h = push(h, tanh(W @ h[-1])) }
g = grad(sum(h[-1]), h[0])
jacobian(h[-1], h[0])
graph(sum(h[2]))
draw_unrolled(h[0:5])
draw_factors(h[0:6], W=W)

m = char_model(char_vocab("hello world"), hidden=8, seed=1)
sample(m, "h", 50, temperature=1e-300)
sample(m, "h", 50, temperature=1e308)
r = train(m, "hello world hello world", iters=3, seq=4, lr=1e308)

def f(n) = f(n + 1)
f(0)

def fib(n) { if n < 2 { return n }; return fib(n - 1) + fib(n - 2) }
fib(15)

x = 9007199254740993
x[0]
[1, 2, 3][9007199254740993]
[1, 2, 3][-1e308]
[1, 2, 3][0/0]
0..1e18
for i in 0..1e18 { }
