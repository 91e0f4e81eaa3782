import NativeKernelInterface

// The elementwise arithmetic every optimiser step and pullback runs over whole
// parameters (`m + g * g`, `W - lr * g / sqrt(m + 1e-8)`). Plain loops over
// pointers, which the compiler vectorises for the instruction set of each build:
// two lanes in the baseline build, four in the AVX2 one. Each lane is one IEEE
// operation, so both builds give the same bits as the scalar expression.

/// `out[i] = a[i·aStep] ∘ b[i·bStep]` for `count` values, each step 0 or 1.
public func arithmetic(_ operation: ArithmeticOperator, _ a: UnsafePointer<Double>, step aStep: Int,
                       _ b: UnsafePointer<Double>, step bStep: Int,
                       into out: UnsafeMutablePointer<Double>, count: Int) {
    switch operation {
    case .add: combine(a, aStep, b, bStep, out, count) { $0 + $1 }
    case .subtract: combine(a, aStep, b, bStep, out, count) { $0 - $1 }
    case .multiply: combine(a, aStep, b, bStep, out, count) { $0 * $1 }
    case .divide: combine(a, aStep, b, bStep, out, count) { $0 / $1 }
    }
}

/// One loop per pair of steps, with `operation` inlined into each.
@inline(__always)
private func combine(_ a: UnsafePointer<Double>, _ aStep: Int, _ b: UnsafePointer<Double>, _ bStep: Int,
                     _ out: UnsafeMutablePointer<Double>, _ count: Int, _ operation: (Double, Double) -> Double) {
    switch (aStep, bStep) {
    case (0, 0):
        let x = a[0], y = b[0]
        for i in 0..<count { out[i] = operation(x, y) }
    case (_, 0):
        let y = b[0]
        for i in 0..<count { out[i] = operation(a[i], y) }
    case (0, _):
        let x = a[0]
        for i in 0..<count { out[i] = operation(x, b[i]) }
    default:
        for i in 0..<count { out[i] = operation(a[i], b[i]) }
    }
}

/// `out[i] = x[i]` limited to `[low, high]`; comparisons with NaN are false, so NaN
/// passes through.
public func clamp(_ x: UnsafePointer<Double>, into out: UnsafeMutablePointer<Double>, count: Int, low: Double, high: Double) {
    for i in 0..<count {
        let v = x[i]
        out[i] = v < low ? low : (v > high ? high : v)
    }
}

/// `out[i] = √x[i]`, four lanes at a time (`sqrtpd`; `Double.squareRoot()` is the same
/// IEEE operation).
public func squareRoot(_ x: UnsafePointer<Double>, into out: UnsafeMutablePointer<Double>, count: Int) {
    var i = 0
    while i + 4 <= count {
        store4(vectorSquareRoot(load4(x + i)), out + i)
        i += 4
    }
    while i < count {
        out[i] = x[i].squareRoot()
        i += 1
    }
}
