# Floored division and remainder, as in Python: the quotient rounds down and the
# remainder takes the sign of the divisor, so a == (a // b) * b + a % b.
7 // 2
-7 // 2
7 % 3
-7 % 3
7 % -3
-7 % -3
# expect: 3
# expect: -4
# expect: 1
# expect: 2
# expect: -2
# expect: -1

# Fractions and broadcasting; % binds like * and /.
[5.5, -5.5] % 2
[5.5, -5.5] // 2
1 + 10 % 4 * 2
# expect: [1.5 0.5]
# expect: [ 2. -3.]
# expect: 5

# Cycling through data: a position wraps around the length.
data = [10, 20, 30]
p = 7
data[p % len(data)]
# expect: 20

# floor, ceil and round (halves go to the even neighbour, as in numpy).
floor([-1.5, 2.7])
ceil([-1.5, 2.2])
round([0.5, 1.5, 2.5, -2.5, 2.6])
# expect: [-2.  2.]
# expect: [-1.  3.]
# expect: [ 0.  2.  2. -2.  3.]

# Their derivatives are zero almost everywhere; % passes the gradient through to a.
x = [2.5, -1.2]
grad(sum(floor(x) + ceil(x) + round(x)), x)
grad(sum(x % 2), x)
b = 2
grad(sum([2.5, 5.2] % b), b)
# expect: [0. 0.]
# expect: [1. 1.]
# expect: -3
