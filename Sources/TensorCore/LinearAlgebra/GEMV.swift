/// Matrix·vector products on raw row-major buffers (the BLAS `dgemv` contract).
///
///     y ← α · op(A) · x + β · y        op(A) = A or Aᵀ
///
/// A is stored m×n row-major with leading dimension `lda` (element (i, j) is
/// `a[i * lda + j]`); x and y are contiguous. Without transpose, x has n
/// elements and y has m; with transpose, x has m and y has n.
extension Tensor {
    /// `y ← α·op(A)·x + β·y`; see the extension's overview.
    ///
    /// Without transpose every yᵢ is a dot product of row i with x (four rows
    /// at a time, sharing the loads of x); with transpose y accumulates
    /// `Σᵢ xᵢ · A[i, :]`, four rows per pass over y. When `beta` is 0, y is
    /// overwritten without being read. y must not overlap A or x.
    ///
    /// - Throws: `TensorError` (`invalidArgument`) for negative sizes, a leading
    ///   dimension below n, or a buffer too short.
    public static func gemv(
        transpose: Bool = false,
        m: Int, n: Int,
        alpha: Double = 1,
        a: UnsafeBufferPointer<Double>, lda: Int,
        x: UnsafeBufferPointer<Double>,
        beta: Double = 0,
        y: UnsafeMutableBufferPointer<Double>
    ) throws {
        guard m >= 0, n >= 0 else {
            throw TensorError.value("gemv", "sizes must be non-negative, got m=\(m), n=\(n)")
        }
        try checkStorage("a", a.count, rows: m, columns: n, leading: lda)
        let (xCount, yCount) = transpose ? (m, n) : (n, m)
        guard x.count >= xCount, y.count >= yCount else {
            throw TensorError.value("gemv", "vectors hold \(x.count) and \(y.count) values but op(A) needs \(xCount) and \(yCount)")
        }
        guard yCount > 0, let yBase = y.baseAddress else { return }
        scaleMatrix(yBase, rows: 1, columns: yCount, leading: yCount, by: beta)
        guard xCount > 0, alpha != 0, let aBase = a.baseAddress, let xBase = x.baseAddress else { return }
        if transpose {
            accumulateRowCombination(m: m, n: n, alpha: alpha, a: aBase, lda: lda, x: xBase, y: yBase)
        } else {
            accumulateRowDots(m: m, n: n, alpha: alpha, a: aBase, lda: lda, x: xBase, y: yBase)
        }
    }

    /// `Σᵢ xᵢ·yᵢ` over `count` contiguous elements, with four independent SIMD accumulators.
    static func simdDot(_ x: UnsafePointer<Double>, _ y: UnsafePointer<Double>, count: Int) -> Double {
        var s0 = SIMD2<Double>(), s1 = SIMD2<Double>(), s2 = SIMD2<Double>(), s3 = SIMD2<Double>()
        let px = UnsafeRawPointer(x), py = UnsafeRawPointer(y)
        var j = 0
        while j + 8 <= count {
            let o = j * 8
            s0 += px.loadUnaligned(fromByteOffset: o, as: SIMD2<Double>.self) * py.loadUnaligned(fromByteOffset: o, as: SIMD2<Double>.self)
            s1 += px.loadUnaligned(fromByteOffset: o + 16, as: SIMD2<Double>.self) * py.loadUnaligned(fromByteOffset: o + 16, as: SIMD2<Double>.self)
            s2 += px.loadUnaligned(fromByteOffset: o + 32, as: SIMD2<Double>.self) * py.loadUnaligned(fromByteOffset: o + 32, as: SIMD2<Double>.self)
            s3 += px.loadUnaligned(fromByteOffset: o + 48, as: SIMD2<Double>.self) * py.loadUnaligned(fromByteOffset: o + 48, as: SIMD2<Double>.self)
            j += 8
        }
        var total = ((s0 + s1) + (s2 + s3)).sum()
        while j < count {
            total += x[j] * y[j]
            j += 1
        }
        return total
    }
}

/// yᵢ += α · (A[i, :] · x), four rows per pass.
private func accumulateRowDots(m: Int, n: Int, alpha: Double, a: UnsafePointer<Double>, lda: Int,
                               x: UnsafePointer<Double>, y: UnsafeMutablePointer<Double>) {
    let px = UnsafeRawPointer(x)
    var i = 0
    while i + 4 <= m {
        let r0 = UnsafeRawPointer(a + i * lda), r1 = UnsafeRawPointer(a + (i + 1) * lda)
        let r2 = UnsafeRawPointer(a + (i + 2) * lda), r3 = UnsafeRawPointer(a + (i + 3) * lda)
        var s0 = SIMD2<Double>(), s1 = SIMD2<Double>(), s2 = SIMD2<Double>(), s3 = SIMD2<Double>()
        var j = 0
        while j + 2 <= n {
            let o = j * 8
            let xv = px.loadUnaligned(fromByteOffset: o, as: SIMD2<Double>.self)
            s0 += r0.loadUnaligned(fromByteOffset: o, as: SIMD2<Double>.self) * xv
            s1 += r1.loadUnaligned(fromByteOffset: o, as: SIMD2<Double>.self) * xv
            s2 += r2.loadUnaligned(fromByteOffset: o, as: SIMD2<Double>.self) * xv
            s3 += r3.loadUnaligned(fromByteOffset: o, as: SIMD2<Double>.self) * xv
            j += 2
        }
        var t = SIMD4(s0.sum(), s1.sum(), s2.sum(), s3.sum())
        if j < n {
            let xj = x[j]
            t += SIMD4(a[i * lda + j], a[(i + 1) * lda + j], a[(i + 2) * lda + j], a[(i + 3) * lda + j]) * xj
        }
        for r in 0..<4 { y[i + r] += alpha * t[r] }
        i += 4
    }
    while i < m {
        y[i] += alpha * Tensor.simdDot(a + i * lda, x, count: n)
        i += 1
    }
}

/// y += α · Σᵢ xᵢ · A[i, :], four rows per pass over y.
private func accumulateRowCombination(m: Int, n: Int, alpha: Double, a: UnsafePointer<Double>, lda: Int,
                                      x: UnsafePointer<Double>, y: UnsafeMutablePointer<Double>) {
    let py = UnsafeMutableRawPointer(y)
    var i = 0
    while i + 4 <= m {
        let w0 = SIMD2(repeating: alpha * x[i]), w1 = SIMD2(repeating: alpha * x[i + 1])
        let w2 = SIMD2(repeating: alpha * x[i + 2]), w3 = SIMD2(repeating: alpha * x[i + 3])
        let r0 = a + i * lda, r1 = a + (i + 1) * lda, r2 = a + (i + 2) * lda, r3 = a + (i + 3) * lda
        let (q0, q1, q2, q3) = (UnsafeRawPointer(r0), UnsafeRawPointer(r1), UnsafeRawPointer(r2), UnsafeRawPointer(r3))
        var j = 0
        while j + 2 <= n {
            let o = j * 8
            var acc = py.loadUnaligned(fromByteOffset: o, as: SIMD2<Double>.self)
            acc += w0 * q0.loadUnaligned(fromByteOffset: o, as: SIMD2<Double>.self)
            acc += w1 * q1.loadUnaligned(fromByteOffset: o, as: SIMD2<Double>.self)
            acc += w2 * q2.loadUnaligned(fromByteOffset: o, as: SIMD2<Double>.self)
            acc += w3 * q3.loadUnaligned(fromByteOffset: o, as: SIMD2<Double>.self)
            py.storeBytes(of: acc, toByteOffset: o, as: SIMD2<Double>.self)
            j += 2
        }
        if j < n { y[j] += w0[0] * r0[j] + w1[0] * r1[j] + w2[0] * r2[j] + w3[0] * r3[j] }
        i += 4
    }
    while i < m {
        let w = alpha * x[i]
        let row = a + i * lda
        for j in 0..<n { y[j] += w * row[j] }
        i += 1
    }
}
