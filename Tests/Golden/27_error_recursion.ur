# Unbounded recursion is an error, not a crash.
def forever(n) = forever(n + 1)
forever(0)
# expect: 2 | def forever(n) = forever(n + 1)
# expect:   |                  ^^^^^^^^^^^^^^ error: too many nested calls (more than 200) in 'forever'
# expect:   = note: a recursive function needs a case that stops; or use a for loop

