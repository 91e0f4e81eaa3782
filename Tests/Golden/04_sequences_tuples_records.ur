# Sequences hold separate tensors (e.g. hidden states); tuples group values.
h0 = zeros(2)
hs = [h0]
hs = push(hs, ones(2))
hs = push(hs, hs[-1] * 2)
len(hs)
hs[-1]
hs[0:2]
stack(hs)
last(hs)
[1, "two", true]
# expect: 3
# expect: [2. 2.]
# expect: [[0. 0.], [1. 1.]]
# expect: [[0. 0.]
# expect:  [1. 1.]
# expect:  [2. 2.]]
# expect: [2. 2.]
# expect: [1, "two", true]

pair = (1, [2, 3])
a, b = pair
a
b
p, q = [zeros(1), ones(1)]
q
"unroll" + "!"
str(1.5) + " units"
len("abc")
none
# expect: 1
# expect: [2. 3.]
# expect: [1.]
# expect: unroll!
# expect: 1.5 units
# expect: 3

