# Elementwise functions and reductions.
tanh(0)
sigmoid(0)
relu([-1, 0, 2])
exp(0)
log(1)
sqrt([4, 9])
abs([-2, 3])
square([2, -3])
clip([-2, 0.5, 3], -1, 1)
maximum([1, 5], [3, 2])
minimum([1, 5], 3)
# expect: 0
# expect: 0.5
# expect: [0. 0. 2.]
# expect: 1
# expect: 0
# expect: [2. 3.]
# expect: [2. 3.]
# expect: [4. 9.]
# expect: [-1.   0.5  1. ]
# expect: [3. 5.]
# expect: [1. 3.]

M = [[1, 2], [3, 4]]
sum(M)
sum(M, axis=0)
sum(M, axis=1, keep_dims=true)
mean(M)
max(M)
min(M, axis=1)
argmax([3, 7, 5])
argmax(M, axis=0)
# expect: 10
# expect: [4. 6.]
# expect: [[3.]
# expect:  [7.]]
# expect: 2.5
# expect: 4
# expect: [1. 3.]
# expect: 1
# expect: [1. 1.]

# softmax of equal scores is uniform; log_softmax of [0, 0] is log(1/2).
softmax([1, 1, 1, 1])
log_softmax([0, 0])
logsumexp([1000, 1000])
# -log(1/2) = log 2
cross_entropy([0, 0], 1)
# expect: [0.25 0.25 0.25 0.25]
# expect: [-0.6931 -0.6931]
# expect: 1000.6931471805599
# expect: 0.6931471805599453

