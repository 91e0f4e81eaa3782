# Index out of range.
x = [1, 2, 3]
x[3]
# expect: 3 | x[3]
# expect:   | ^^^^ error: index 3 is out of range for axis 0 with size 3

