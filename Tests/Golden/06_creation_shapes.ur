# Making tensors and changing their shape.
zeros(2, 3)
ones(3)
full(0.5, 2, 2)
eye(2)
linspace(0, 1, 5)
arange(2, 6)
onehot(2, 4)
reshape(arange(6), 2, 3)
transpose([[1, 2], [3, 4]])
concat([1, 2], [3])
stack([1, 2], [3, 4], axis=1)
diag([1, 2])
diag([[1, 2], [3, 4]])
outer([1, 2], [3, 4, 5])
dot([1, 2], [3, 4])
matmul([[1, 2], [3, 4]], [1, 1])
norm([3, 4])
item([[3]])
# expect: [[0. 0. 0.]
# expect:  [0. 0. 0.]]
# expect: [1. 1. 1.]
# expect: [[0.5 0.5]
# expect:  [0.5 0.5]]
# expect: [[1. 0.]
# expect:  [0. 1.]]
# expect: [0.   0.25 0.5  0.75 1.  ]
# expect: [2. 3. 4. 5.]
# expect: [0. 0. 1. 0.]
# expect: [[0. 1. 2.]
# expect:  [3. 4. 5.]]
# expect: [[1. 3.]
# expect:  [2. 4.]]
# expect: [1. 2. 3.]
# expect: [[1. 3.]
# expect:  [2. 4.]]
# expect: [[1. 0.]
# expect:  [0. 2.]]
# expect: [1. 4.]
# expect: [[ 3.  4.  5.]
# expect:  [ 6.  8. 10.]]
# expect: 11
# expect: [3. 7.]
# expect: 5
# expect: 3

