import TensorCore
// Tight float64 kernels on raw buffers for the native character model.
//
// Everything here is internal and unchecked: callers (the char-model code)
// validate shapes once at the public boundary and then call these in the hot
// loop. Multiply and add are written separately (`acc += a * b`, never fused),
// so results are the same bit for bit whatever instruction set the compiler
// targets; on CPUs with separate multiply and add pipes this costs no speed.

typealias Vector4 = SIMD4<Double>

@inline(__always)
func load4(_ p: UnsafePointer<Double>) -> Vector4 {
    UnsafeRawPointer(p).loadUnaligned(as: Vector4.self)
}

@inline(__always)
func store4(_ v: Vector4, _ p: UnsafeMutablePointer<Double>) {
    UnsafeMutableRawPointer(p).storeBytes(of: v, as: Vector4.self)
}

@inline(__always)
func horizontalSum(_ v: Vector4) -> Double { (v[0] + v[1]) + (v[2] + v[3]) }

/// General matrix product on row-major buffers:
///
///     C[i, j] (+)= Σₖ A(i, k) · B[k, j]      i < m, j < n, k < k
///
/// `A(i, k)` is read at `a[i·aRowStride + k·aColumnStride]`, so passing the
/// strides swapped multiplies by Aᵀ without copying. `B` is `k × n` with row
/// stride `ldb`; `C` is `m × n` with row stride `ldc`. When `accumulate` is
/// false C is overwritten. The inner kernel keeps a 4 × 8 tile of C in
/// registers for the whole k loop (8 vector accumulators), reading one
/// 8-wide row slice of B and four scalars of A per step.
func gemm(
    m: Int, n: Int, k: Int,
    a: UnsafePointer<Double>, aRowStride: Int, aColumnStride: Int,
    b: UnsafePointer<Double>, ldb: Int,
    c: UnsafeMutablePointer<Double>, ldc: Int,
    accumulate: Bool
) {
    var i = 0
    while i + 4 <= m {
        let a0 = a + i * aRowStride, a1 = a0 + aRowStride, a2 = a1 + aRowStride, a3 = a2 + aRowStride
        var j = 0
        while j + 8 <= n {
            let c0 = c + i * ldc + j, c1 = c0 + ldc, c2 = c1 + ldc, c3 = c2 + ldc
            var x0 = Vector4(), y0 = Vector4(), x1 = Vector4(), y1 = Vector4()
            var x2 = Vector4(), y2 = Vector4(), x3 = Vector4(), y3 = Vector4()
            if accumulate {
                x0 = load4(c0); y0 = load4(c0 + 4); x1 = load4(c1); y1 = load4(c1 + 4)
                x2 = load4(c2); y2 = load4(c2 + 4); x3 = load4(c3); y3 = load4(c3 + 4)
            }
            var bp = b + j
            var kk = 0
            while kk < k {
                let bl = load4(bp), bh = load4(bp + 4)
                let offset = kk * aColumnStride
                let s0 = Vector4(repeating: a0[offset]), s1 = Vector4(repeating: a1[offset])
                let s2 = Vector4(repeating: a2[offset]), s3 = Vector4(repeating: a3[offset])
                x0 += s0 * bl; y0 += s0 * bh
                x1 += s1 * bl; y1 += s1 * bh
                x2 += s2 * bl; y2 += s2 * bh
                x3 += s3 * bl; y3 += s3 * bh
                bp += ldb
                kk += 1
            }
            store4(x0, c0); store4(y0, c0 + 4); store4(x1, c1); store4(y1, c1 + 4)
            store4(x2, c2); store4(y2, c2 + 4); store4(x3, c3); store4(y3, c3 + 4)
            j += 8
        }
        if j < n {
            for r in 0..<4 {
                gemmRowTail(n: n, from: j, k: k, a: a + (i + r) * aRowStride, aColumnStride: aColumnStride,
                            b: b, ldb: ldb, c: c + (i + r) * ldc, accumulate: accumulate)
            }
        }
        i += 4
    }
    while i < m {
        gemmRowTail(n: n, from: 0, k: k, a: a + i * aRowStride, aColumnStride: aColumnStride,
                    b: b, ldb: ldb, c: c + i * ldc, accumulate: accumulate)
        i += 1
    }
}

/// One row of C from column `from` to `n`: `c[j] (+)= Σₖ a[k·stride] · B[k, j]`.
@inline(__always)
private func gemmRowTail(
    n: Int, from start: Int, k: Int,
    a: UnsafePointer<Double>, aColumnStride: Int,
    b: UnsafePointer<Double>, ldb: Int,
    c: UnsafeMutablePointer<Double>, accumulate: Bool
) {
    var j = start
    while j + 4 <= n {
        var acc = accumulate ? load4(c + j) : Vector4()
        for kk in 0..<k { acc += Vector4(repeating: a[kk * aColumnStride]) * load4(b + kk * ldb + j) }
        store4(acc, c + j)
        j += 4
    }
    while j < n {
        var acc = accumulate ? c[j] : 0
        for kk in 0..<k { acc += a[kk * aColumnStride] * b[kk * ldb + j] }
        c[j] = acc
        j += 1
    }
}

/// Matrix–vector product in dot form: `y[i] = Σⱼ W[i, j] · x[j]` for a
/// row-major `rows × columns` W. Four rows share each load of x.
func matvec(rows: Int, columns: Int, w: UnsafePointer<Double>, x: UnsafePointer<Double>, y: UnsafeMutablePointer<Double>) {
    var i = 0
    let vectorEnd = columns & ~3
    while i + 4 <= rows {
        let w0 = w + i * columns, w1 = w0 + columns, w2 = w1 + columns, w3 = w2 + columns
        var s0 = Vector4(), s1 = Vector4(), s2 = Vector4(), s3 = Vector4()
        var j = 0
        while j < vectorEnd {
            let xv = load4(x + j)
            s0 += load4(w0 + j) * xv
            s1 += load4(w1 + j) * xv
            s2 += load4(w2 + j) * xv
            s3 += load4(w3 + j) * xv
            j += 4
        }
        var r0 = horizontalSum(s0), r1 = horizontalSum(s1), r2 = horizontalSum(s2), r3 = horizontalSum(s3)
        while j < columns {
            let xj = x[j]
            r0 += w0[j] * xj; r1 += w1[j] * xj; r2 += w2[j] * xj; r3 += w3[j] * xj
            j += 1
        }
        y[i] = r0; y[i + 1] = r1; y[i + 2] = r2; y[i + 3] = r3
        i += 4
    }
    while i < rows {
        let wi = w + i * columns
        var s = Vector4()
        var j = 0
        while j < vectorEnd { s += load4(wi + j) * load4(x + j); j += 4 }
        var r = horizontalSum(s)
        while j < columns { r += wi[j] * x[j]; j += 1 }
        y[i] = r
        i += 1
    }
}

/// Transposed matrix–vector product in axpy form: `y[j] = Σᵢ W[i, j] · x[i]`
/// for a row-major `rows × columns` W, reading W row by row (four rows per
/// pass over y).
func matvecTransposed(rows: Int, columns: Int, w: UnsafePointer<Double>, x: UnsafePointer<Double>, y: UnsafeMutablePointer<Double>) {
    y.update(repeating: 0, count: columns)
    let vectorEnd = columns & ~3
    var i = 0
    while i + 4 <= rows {
        let w0 = w + i * columns, w1 = w0 + columns, w2 = w1 + columns, w3 = w2 + columns
        let c0 = Vector4(repeating: x[i]), c1 = Vector4(repeating: x[i + 1])
        let c2 = Vector4(repeating: x[i + 2]), c3 = Vector4(repeating: x[i + 3])
        var j = 0
        while j < vectorEnd {
            var acc = load4(y + j)
            acc += c0 * load4(w0 + j)
            acc += c1 * load4(w1 + j)
            acc += c2 * load4(w2 + j)
            acc += c3 * load4(w3 + j)
            store4(acc, y + j)
            j += 4
        }
        while j < columns {
            y[j] += x[i] * w0[j] + x[i + 1] * w1[j] + x[i + 2] * w2[j] + x[i + 3] * w3[j]
            j += 1
        }
        i += 4
    }
    while i < rows {
        let wi = w + i * columns
        let xi = x[i]
        for j in 0..<columns { y[j] += xi * wi[j] }
        i += 1
    }
}
