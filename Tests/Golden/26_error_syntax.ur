# A syntax error stops the script before anything runs.
print("not printed")
x = (1 + 2
y = 3
# expect: 4 | y = 3
# expect:   | ^ error: expected ')' to close the parenthesis, found 'y'
# expect:   = note: the '(' on line 3, column 5 is still open

