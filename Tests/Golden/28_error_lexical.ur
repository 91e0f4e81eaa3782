# Characters the language does not use.
x = 1 ! 2
# expect: 2 | x = 1 ! 2
# expect:   |       ^ error: unexpected character '!'
# expect:   = note: write 'not x' for negation and '!=' for inequality

