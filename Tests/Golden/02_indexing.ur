# Indexing and slicing: 0-based, negative from the end, ':' for a whole axis.
W = [[1, 2, 3], [4, 5, 6], [7, 8, 9]]
W[0]
W[-1]
W[:, 1]
W[1:3]
W[0, 2]
W[::2, 0]
W.T
W.T[0]
# expect: [1. 2. 3.]
# expect: [7. 8. 9.]
# expect: [2. 5. 8.]
# expect: [[4. 5. 6.]
# expect:  [7. 8. 9.]]
# expect: 3
# expect: [1. 7.]
# expect: [[1. 4. 7.]
# expect:  [2. 5. 8.]
# expect:  [3. 6. 9.]]
# expect: [1. 4. 7.]

# An index may be a rank-0 tensor holding a whole number.
ps = [[0.1, 0.9], [0.8, 0.2]]
targets = [1, 0]
t = 1
ps[t][targets[t]]
# expect: 0.8

