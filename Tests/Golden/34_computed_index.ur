# Indexes computed from names: sums, differences and products of whole numbers,
# and elements of a vector of whole numbers (a text's character codes).
data = [3, 1, 4, 1, 5]
W = [[1, 2, 3], [4, 5, 6]]
t = 1
data[t + 1]
data[2 * t - 1]
data[data[t]]
data[data[t] + t + 2]
data[t - 2]
W[:, data[t]]
W[t - 1, data[t + 1] - 2]
# expect: 4
# expect: 1
# expect: 1
# expect: 5
# expect: 5
# expect: [2. 5.]
# expect: 3
