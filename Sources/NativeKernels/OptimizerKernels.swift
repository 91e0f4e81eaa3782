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
