print("unroll 0.1.0")
