# Literals, broadcasting and the arithmetic operators.
# [1, 2] is a vector; nested brackets make a matrix; a bare expression shows its value.
x = [1, 2]
x
shape(x)
# expect: [1. 2.]
# expect: (2,)

W = [[0.5, -0.2], [0.1, 0.3]]
shape(W)
# W @ x = [0.5 - 0.4, 0.1 + 0.6] = [0.1, 0.7]; adding 1 broadcasts.
W @ x + 1
# expect: (2, 2)
# expect: [1.1 1.7]

# Elementwise operators broadcast a scalar or a row.
x * 2 - 1
x / 4
x ** 2
2 ** -1
-2 ** 2
W * [10, 100]
# expect: [1. 3.]
# expect: [0.25 0.5 ]
# expect: [1. 4.]
# expect: 0.5
# expect: -4
# expect: [[  5. -20.]
# expect:  [  1.  30.]]

# A trailing ';' hides the value.
y = 3; y + 1;
[1, 2] @ [3, 4]
# expect: 11

