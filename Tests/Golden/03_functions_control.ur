# One-line and block functions, loops and conditionals.
def double(v) = v * 2
double([1, 2])
# expect: [2. 4.]

def total(n) {
  s = 0
  for i in 0..n { s = s + i }
  return s
}
total(5)
# expect: 10

def fact(n) {
  if n <= 1 { return 1 }
  return n * fact(n - 1)
}
fact(5)
# expect: 120

k = 0
while k < 10 {
  k = k + 3
  if k == 6 { break }
}
k
# expect: 6

for i in range(4) {
  if i == 1 { continue }
  print("i =", i)
}
# expect: i = 0
# expect: i = 2
# expect: i = 3

# Gradient clipping: only the second condition holds (the norm is 5, not above 5).
g = [3, 4]
if norm(g) > 5 { g = g * (5 / norm(g)) } else { }
if norm(g) > 4 { g = g * (4 / norm(g)) } else { print("not clipped") }
g
# expect: [2.4 3.2]

a = 2
if a > 5 { print("big") } else if a > 1 { print("medium") } else { print("small") }
true and not false
1 < 2 or 1 / 0 > 0
# expect: medium
# expect: true
# expect: true

