# '%' and '//' refuse a zero divisor, naming the operator and underlining the expression.
n = 0
5 % n
# expect: 3 | 5 % n
# expect:   | ^^^^^ error: division by zero: the right operand of '%' holds a 0
