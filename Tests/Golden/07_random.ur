# Random draws are reproducible: a seed= argument, or the session generator (seed 0 at start).
a = randn(3, seed=1)
b = randn(3, seed=1)
sum(a == b) == 3
c = randn(3)
seed(0)
d = randn(3)
sum(c == d) == 3
r = rand(1000, seed=2)
min(r) >= 0 and max(r) < 1
n = randint(0, 3, 1000, seed=4)
min(n) == 0 and max(n) == 2
shape(randn(2, 3))
# expect: true
# expect: true
# expect: true
# expect: true
# expect: (2, 3)

