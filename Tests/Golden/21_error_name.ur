# Unknown names suggest the closest known one.
hidden = zeros(3)
tanh(hiden)
# expect: 3 | tanh(hiden)
# expect:   |      ^^^^^ error: unknown name 'hiden'
# expect:   = note: did you mean 'hidden'?

