# Lesson 2 (02-hello.md): the "hello" character model with the lesson's hand-picked weights.
# Every value below is confirmed independently by Tests/Reference/lesson_numbers.py, which
# recomputes it with numpy from the same literals and compares it with the expected lines below.
Wxh = [[ 0.5, -0.3,  0.8, -0.6],
       [-0.4,  0.9,  0.2,  0.7],
       [ 0.6,  0.1, -0.7,  0.3]]
Whh = [[ 0.2, -0.5,  0.1],
       [ 0.4,  0.3, -0.2],
       [-0.3,  0.2,  0.5]]
Why = [[ 0.7, -0.4,  0.3],
       [ 0.5,  0.8, -0.6],
       [-0.2,  0.6,  0.9],
       [ 0.1, -0.7,  0.4]]
inputs = [0, 1, 2, 2]
targets = [1, 2, 2, 3]
h = zeros(3)
L = 0
losses = []
for t in 0..4 {
  h = tanh(Whh @ h + Wxh @ onehot(inputs[t], 4))
  y = Why @ h
  print("h", t + 1, h)
  print("p", t + 1, softmax(y))
  losses = push(losses, cross_entropy(y, targets[t]))
  L = L + last(losses)
}
print("losses", stack(losses))
print("L", [L])
# expect: h 1 [ 0.4621 -0.3799  0.537 ]
# expect: p 1 [0.3478 0.1239 0.2166 0.3117]
# expect: h 2 [0.0361 0.698  0.1527]
# expect: p 2 [0.1684 0.3368 0.3591 0.1357]
# expect: h 3 [ 0.441   0.3742 -0.4581]
# expect: p 3 [0.2191 0.4746 0.1627 0.1436]
# expect: h 4 [ 0.5752  0.5229 -0.7559]
# expect: p 4 [0.182  0.5997 0.1162 0.1021]
# expect: losses [2.0879 1.0242 1.8158 2.2816]
# expect: L [7.2095]

# The gradient of the whole word's loss with respect to the output weights.
print("dWhy", grad(L, Why))
# expect: dWhy [[ 0.3681  0.1625 -0.0254]
# expect:  [ 0.1616  1.0591 -1.0898]
# expect:  [-0.2254 -0.7822  0.3142]
# expect:  [-0.3042 -0.4394  0.801 ]]

