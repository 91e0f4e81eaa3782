// Benchmarks: `swift run -c release UnrollBench`.
print("no benchmarks yet")
