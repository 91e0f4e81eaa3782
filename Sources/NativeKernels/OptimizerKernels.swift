/// Adagrad as min-char-rnn writes it, over `n` parameters in place:
///
///     m += g²;   p += (−lr·g) / √(m + ε)
///
/// Four lanes at a time; square root and division are IEEE-exact per lane, so
/// each element equals the scalar formula (and numpy's) bit for bit. The loop
/// is bound by the divide/square-root unit, which handles 256-bit vectors at
/// twice the per-element rate of 128-bit ones on AVX2 CPUs.
public func adagradUpdate(_ p: UnsafeMutablePointer<Double>, _ g: UnsafePointer<Double>, _ m: UnsafeMutablePointer<Double>,
                          _ n: Int, _ lr: Double, _ eps: Double) {
    let negativeRate = Vector4(repeating: -lr), epsilon = Vector4(repeating: eps)
    var i = 0
    while i + 4 <= n {
        let gv = load4(g + i)
        let mv = load4(m + i) + gv * gv
        store4(mv, m + i)
        store4(load4(p + i) + (negativeRate * gv) / vectorSquareRoot(mv + epsilon), p + i)
        i += 4
    }
    while i < n {
        m[i] += g[i] * g[i]
        p[i] += (-lr * g[i]) / (m[i] + eps).squareRoot()
        i += 1
    }
}

/// Clips `n` gradients in place to `[−limit, limit]` (numpy's `clip`: values below
/// −limit become −limit, above +limit become +limit) and returns, from the values
/// before clipping, `probe = Σ g·0` — 0 when every value is finite, NaN otherwise —
/// and the sum of squares (both summed in four interleaved lanes, then the tail).
public func clipElementwise(_ g: UnsafeMutablePointer<Double>, _ n: Int, limit: Double) -> (probe: Double, squares: Double) {
    var probe = Vector4(), squares = Vector4()
    let upper = Vector4(repeating: limit), lower = Vector4(repeating: -limit)
    var i = 0
    while i + 4 <= n {
        var v = load4(g + i)
        probe += v * 0
        squares += v * v
        v.replace(with: lower, where: v .< lower)
        v.replace(with: upper, where: v .> upper)
        store4(v, g + i)
        i += 4
    }
    var flag = horizontalSum(probe), total = horizontalSum(squares)
    while i < n {
        let v = g[i]
        flag += v * 0
        total += v * v
        g[i] = Swift.min(Swift.max(v, -limit), limit)
        i += 1
    }
    return (flag, total)
}

/// `Σ g²` over `n` values, summed in four interleaved lanes, then the tail in order
/// (the order `clipElementwise` sums its squares in): the global norm's square.
public func sumOfSquares(_ g: UnsafePointer<Double>, count n: Int) -> Double {
    var squares = Vector4()
    var i = 0
    while i + 4 <= n {
        let v = load4(g + i)
        squares += v * v
        i += 4
    }
    var total = horizontalSum(squares)
    while i < n {
        total += g[i] * g[i]
        i += 1
    }
    return total
}
