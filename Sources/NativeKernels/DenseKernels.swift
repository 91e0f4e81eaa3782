// Tight float64 kernels on raw buffers for the native character model and the
// recurrent cells' batch-1 steps.
//
// Everything here is unchecked: callers (the char-model and cell code) validate
// shapes once at their public boundary and then call these in the hot
// loop. Multiply and add are written separately (`acc += a * b`, never fused),
// so results are the same bit for bit whatever instruction set the compiler
// targets; on CPUs with separate multiply and add pipes this costs no speed.

/// Doubles of scratch space ``gemm`` needs for an `m × n × k` product.
public func gemmScratchCount(m: Int, n: Int, k: Int) -> Int { (m / 4) * 4 * k + (n / 8) * 8 * k }

/// General matrix product on row-major buffers:
///
///     C[i, j] (+)= Σₖ A(i, k) · B[k, j]      i < m, j < n, k < k
///
/// `A(i, k)` is read at `a[i·aRowStride + k·aColumnStride]`, so passing the
/// strides swapped (or negative) multiplies by Aᵀ, or runs k backwards, without
/// copying. `B` is `k × n` with row stride `ldb` (may be negative); `C` is
/// `m × n` with row stride `ldc`. When `accumulate` is false C is overwritten.
///
/// A is first packed into 4-row panels (`k × 4`, contiguous) and B into
/// 8-column panels (`k × 8`), so the inner kernel streams both from cache
/// without the set conflicts that page-sized strides cause. The kernel keeps a
/// 4 × 8 tile of C in eight vector registers for the whole k loop. Each C
/// element is still summed in k order, one multiply and one add per term.
/// `scratch` must hold ``gemmScratchCount(m:n:k:)`` doubles.
public func gemm(
    m: Int, n: Int, k: Int,
    a: UnsafePointer<Double>, aRowStride: Int, aColumnStride: Int,
    b: UnsafePointer<Double>, ldb: Int,
    c: UnsafeMutablePointer<Double>, ldc: Int,
    accumulate: Bool, scratch: UnsafeMutablePointer<Double>
) {
    let rowBlocks = m / 4, columnBlocks = n / 8
    let packedA = scratch, packedB = scratch + rowBlocks * 4 * k
    // Packing walks k in the outer loop whenever the rows it copies are contiguous, so
    // each source row is read once, in order: walking one panel at a time instead
    // reads a column of lines a whole row stride apart, which with page-sized strides
    // all fall into the same cache set and are fetched again for every panel.
    if aRowStride == 1 {
        for kk in 0..<k {
            let source = a + kk * aColumnStride, target = packedA + 4 * kk
            for ib in 0..<rowBlocks { store4(load4(source + 4 * ib), target + ib * 4 * k) }
        }
    } else {
        let r1 = aRowStride, r2 = 2 &* aRowStride, r3 = 3 &* aRowStride
        for ib in 0..<rowBlocks {
            var source = a + 4 * ib * aRowStride
            var target = packedA + ib * 4 * k
            for _ in 0..<k {
                target[0] = source[0]; target[1] = source[r1]; target[2] = source[r2]; target[3] = source[r3]
                target += 4
                source += aColumnStride
            }
        }
    }
    for kk in 0..<k {
        let source = b + kk * ldb, target = packedB + 8 * kk
        for jb in 0..<columnBlocks {
            store4(load4(source + 8 * jb), target + jb * 8 * k)
            store4(load4(source + 8 * jb + 4), target + jb * 8 * k + 4)
        }
    }
    for jb in 0..<columnBlocks {
        let panelB = packedB + jb * 8 * k
        for ib in 0..<rowBlocks {
            let corner = c + 4 * ib * ldc + 8 * jb
            var tile = accumulate ? Tile4x8(loading: corner, rowStride: ldc) : Tile4x8()
            tile.accumulate(depth: k, a: packedA + ib * 4 * k, b: panelB)
            tile.store(to: corner, rowStride: ldc)
        }
    }
    if 8 * columnBlocks < n {
        gemmColumnTail(from: 8 * columnBlocks, n: n, k: k, rowBlocks: rowBlocks, packedA: packedA,
                       b: b, ldb: ldb, c: c, ldc: ldc, accumulate: accumulate)
    }
    for i in (4 * rowBlocks)..<m {
        gemmRowTail(n: n, k: k, a: a + i * aRowStride, aColumnStride: aColumnStride,
                    b: b, ldb: ldb, c: c + i * ldc, accumulate: accumulate)
    }
}

/// A 4 × 8 tile of C in eight four-lane registers (row r is `x_r` then `y_r`):
/// the register tile of both GEMMs in this module.
struct Tile4x8 {
    var x0 = Vector4(), y0 = Vector4(), x1 = Vector4(), y1 = Vector4()
    var x2 = Vector4(), y2 = Vector4(), x3 = Vector4(), y3 = Vector4()

    /// A zero tile.
    @inline(__always) init() {}

    /// The tile at `corner` of a row-major matrix with row stride `rowStride`.
    @inline(__always) init(loading corner: UnsafePointer<Double>, rowStride: Int) {
        let c1 = corner + rowStride, c2 = c1 + rowStride, c3 = c2 + rowStride
        x0 = load4(corner); y0 = load4(corner + 4); x1 = load4(c1); y1 = load4(c1 + 4)
        x2 = load4(c2); y2 = load4(c2 + 4); x3 = load4(c3); y3 = load4(c3 + 4)
    }

    /// `tile[r, j] += Σₚ a[4p + r] · b[8p + j]` for p = 0 ..< depth in order, one
    /// multiply and one add per term: A packed 4 values per step, B 8 per step.
    @inline(__always) mutating func accumulate(depth: Int, a: UnsafePointer<Double>, b: UnsafePointer<Double>) {
        var ap = a, bp = b
        for _ in 0..<depth {
            let bl = load4(bp), bh = load4(bp + 4)
            let s0 = Vector4(repeating: ap[0]), s1 = Vector4(repeating: ap[1])
            let s2 = Vector4(repeating: ap[2]), s3 = Vector4(repeating: ap[3])
            x0 += s0 * bl; y0 += s0 * bh
            x1 += s1 * bl; y1 += s1 * bh
            x2 += s2 * bl; y2 += s2 * bh
            x3 += s3 * bl; y3 += s3 * bh
            ap += 4
            bp += 8
        }
    }

    /// Writes the tile to `corner` of a row-major matrix with row stride `rowStride`.
    @inline(__always) func store(to corner: UnsafeMutablePointer<Double>, rowStride: Int) {
        let c1 = corner + rowStride, c2 = c1 + rowStride, c3 = c2 + rowStride
        store4(x0, corner); store4(y0, corner + 4); store4(x1, c1); store4(y1, c1 + 4)
        store4(x2, c2); store4(y2, c2 + 4); store4(x3, c3); store4(y3, c3 + 4)
    }
}

/// The columns `start ..< n` that do not fill an 8-column panel, for the rows of
/// the packed 4-row panels of A: one vector holds four rows of one column, and two
/// panels run side by side so two independent sums are in flight. Each element is
/// still summed in k order, one multiply and one add per term.
private func gemmColumnTail(
    from start: Int, n: Int, k: Int, rowBlocks: Int, packedA: UnsafePointer<Double>,
    b: UnsafePointer<Double>, ldb: Int,
    c: UnsafeMutablePointer<Double>, ldc: Int, accumulate: Bool
) {
    @inline(__always) func loadColumn(_ p: UnsafeMutablePointer<Double>) -> Vector4 {
        accumulate ? Vector4(p[0], p[ldc], p[2 * ldc], p[3 * ldc]) : Vector4()
    }
    @inline(__always) func storeColumn(_ v: Vector4, _ p: UnsafeMutablePointer<Double>) {
        p[0] = v[0]; p[ldc] = v[1]; p[2 * ldc] = v[2]; p[3 * ldc] = v[3]
    }
    for j in start..<n {
        var ib = 0
        while ib + 2 <= rowBlocks {
            let c0 = c + 4 * ib * ldc + j, c1 = c0 + 4 * ldc
            var x = loadColumn(c0), y = loadColumn(c1)
            var a0 = packedA + ib * 4 * k, a1 = a0 + 4 * k, bp = b + j
            for _ in 0..<k {
                let bv = Vector4(repeating: bp[0])
                x += load4(a0) * bv
                y += load4(a1) * bv
                a0 += 4; a1 += 4; bp += ldb
            }
            storeColumn(x, c0)
            storeColumn(y, c1)
            ib += 2
        }
        if ib < rowBlocks {
            let c0 = c + 4 * ib * ldc + j
            var x = loadColumn(c0)
            var a0 = packedA + ib * 4 * k, bp = b + j
            for _ in 0..<k { x += load4(a0) * Vector4(repeating: bp[0]); a0 += 4; bp += ldb }
            storeColumn(x, c0)
        }
    }
}

/// One row of C below the last 4-row panel: `c[j] (+)= Σₖ a[k·stride] · B[k, j]`,
/// eight columns (two independent sums) at a time, then four, then one.
@inline(__always)
private func gemmRowTail(
    n: Int, k: Int,
    a: UnsafePointer<Double>, aColumnStride: Int,
    b: UnsafePointer<Double>, ldb: Int,
    c: UnsafeMutablePointer<Double>, accumulate: Bool
) {
    var j = 0
    while j + 8 <= n {
        var lo = accumulate ? load4(c + j) : Vector4(), hi = accumulate ? load4(c + j + 4) : Vector4()
        var ap = a, bp = b + j
        for _ in 0..<k {
            let av = Vector4(repeating: ap[0])
            lo += av * load4(bp)
            hi += av * load4(bp + 4)
            ap += aColumnStride; bp += ldb
        }
        store4(lo, c + j)
        store4(hi, c + j + 4)
        j += 8
    }
    while j + 4 <= n {
        var acc = accumulate ? load4(c + j) : Vector4()
        var ap = a, bp = b + j
        for _ in 0..<k { acc += Vector4(repeating: ap[0]) * load4(bp); ap += aColumnStride; bp += ldb }
        store4(acc, c + j)
        j += 4
    }
    while j < n {
        var acc = accumulate ? c[j] : 0
        var ap = a, bp = b + j
        for _ in 0..<k { acc += ap[0] * bp[0]; ap += aColumnStride; bp += ldb }
        c[j] = acc
        j += 1
    }
}

/// Matrix–vector product in dot form: `y[i] = Σⱼ W[i, j] · x[j]` for a
/// row-major `rows × columns` W, or `y[i] += Σⱼ W[i, j] · x[j]` with
/// `accumulate` (the sum is formed first, then added to y). Four rows share
/// each load of x.
///
/// Every y[i] is computed independently, so the order in which row blocks are
/// visited does not change any bit of the result. With `descending` the blocks
/// run from the bottom up: alternating direction between consecutive calls
/// ("serpentine" order) lets the rows read last — still in the L2 cache —
/// be the first ones read next time, when W is larger than the cache.
public func matvec(rows: Int, columns: Int, w: UnsafePointer<Double>, x: UnsafePointer<Double>, y: UnsafeMutablePointer<Double>,
                   descending: Bool = false, accumulate: Bool = false) {
    let vectorEnd = columns & ~3
    let blocks = rows / 4
    for visit in 0..<blocks {
        let i = 4 * (descending ? blocks - 1 - visit : visit)
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
        if accumulate {
            y[i] += r0; y[i + 1] += r1; y[i + 2] += r2; y[i + 3] += r3
        } else {
            y[i] = r0; y[i + 1] = r1; y[i + 2] = r2; y[i + 3] = r3
        }
    }
    var i = 4 * blocks
    while i < rows {
        let wi = w + i * columns
        var s = Vector4()
        var j = 0
        while j < vectorEnd { s += load4(wi + j) * load4(x + j); j += 4 }
        var r = horizontalSum(s)
        while j < columns { r += wi[j] * x[j]; j += 1 }
        y[i] = accumulate ? y[i] + r : r
        i += 1
    }
}

/// Transposed matrix–vector product in row-combination form:
/// `y = Wᵀ·x`, i.e. `y[j] = Σᵢ x[i] · W[i, j]`, for a row-major `rows × columns` W,
/// overwriting y, or adding to it with `accumulate` (then y's old value is the
/// first term of each sum). Reads W row by row, so no transposed copy is needed;
/// each pass adds four rows into y (which stays in L1).
///
/// Row blocks are visited top-down, or bottom-up with `descending` (the
/// serpentine order of ``matvec``); the sum over i follows the visiting order,
/// so the two orders may differ in the last bits.
public func matvecTransposed(rows: Int, columns: Int, w: UnsafePointer<Double>, x: UnsafePointer<Double>,
                             y: UnsafeMutablePointer<Double>, descending: Bool = false, accumulate: Bool = false) {
    if !accumulate { y.update(repeating: 0, count: columns) }
    let vectorEnd = columns & ~3
    let blocks = rows / 4
    /// Adds rows `i ..< i + 4` of W, weighted by x, into y.
    @inline(__always) func addBlock(_ i: Int) {
        let w0 = w + i * columns, w1 = w0 + columns, w2 = w1 + columns, w3 = w2 + columns
        let a0 = Vector4(repeating: x[i]), a1 = Vector4(repeating: x[i + 1])
        let a2 = Vector4(repeating: x[i + 2]), a3 = Vector4(repeating: x[i + 3])
        var j = 0
        while j < vectorEnd {
            var acc = load4(y + j)
            acc += a0 * load4(w0 + j)
            acc += a1 * load4(w1 + j)
            acc += a2 * load4(w2 + j)
            acc += a3 * load4(w3 + j)
            store4(acc, y + j)
            j += 4
        }
        while j < columns {
            y[j] = (((y[j] + x[i] * w0[j]) + x[i + 1] * w1[j]) + x[i + 2] * w2[j]) + x[i + 3] * w3[j]
            j += 1
        }
    }
    /// Adds the rows that do not fill a block of four.
    @inline(__always) func addRemainder() {
        for i in (4 * blocks)..<rows {
            let wi = w + i * columns, xi = x[i]
            for j in 0..<columns { y[j] += xi * wi[j] }
        }
    }
    if descending {
        addRemainder()
        for visit in 0..<blocks { addBlock(4 * (blocks - 1 - visit)) }
    } else {
        for visit in 0..<blocks { addBlock(4 * visit) }
        addRemainder()
    }
}

/// Rank-one update of a row-major `rows × columns` W: `W[i, :] += s[i] · u` for
/// every row whose scale `s[i]` is not zero (a zero scale would add only zeros).
/// Each element takes one multiply and one add, so the result does not depend on
/// the vector width.
public func addOuterProduct(rows: Int, columns: Int, scales s: UnsafePointer<Double>, _ u: UnsafePointer<Double>,
                            to w: UnsafeMutablePointer<Double>) {
    let vectorEnd = columns & ~3
    for i in 0..<rows where s[i] != 0 {
        let row = w + i &* columns, scale = Vector4(repeating: s[i])
        var j = 0
        while j < vectorEnd {
            store4(load4(row + j) + scale * load4(u + j), row + j)
            j += 4
        }
        while j < columns { row[j] += s[i] * u[j]; j += 1 }
    }
}

/// The sum of `n` doubles, read once front to back with four independent
/// four-lane accumulators: a pure streaming read, the bandwidth reference that
/// `UnrollBench kernels` sets beside the matvecs.
public func streamingSum(_ p: UnsafePointer<Double>, count n: Int) -> Double {
    var s0 = Vector4(), s1 = Vector4(), s2 = Vector4(), s3 = Vector4()
    var j = 0
    while j + 16 <= n {
        s0 += load4(p + j); s1 += load4(p + j + 4)
        s2 += load4(p + j + 8); s3 += load4(p + j + 12)
        j += 16
    }
    var total = horizontalSum((s0 + s1) + (s2 + s3))
    while j < n { total += p[j]; j += 1 }
    return total
}

/// Copies a row-major `rows × columns` matrix into `destination` (`columns × rows`)
/// transposed: whole 4 × 4 blocks go through registers (four row loads, four column
/// stores), the ragged right and bottom edges element by element.
public func transpose(_ source: UnsafePointer<Double>, rows: Int, columns: Int, into destination: UnsafeMutablePointer<Double>) {
    let rowEnd = rows & ~3, columnEnd = columns & ~3
    var i = 0
    while i < rowEnd {
        let s0 = source + i &* columns, s1 = s0 + columns, s2 = s1 + columns, s3 = s2 + columns
        var j = 0
        while j < columnEnd {
            let r0 = load4(s0 + j), r1 = load4(s1 + j), r2 = load4(s2 + j), r3 = load4(s3 + j)
            let d0 = destination + j &* rows + i
            store4(Vector4(r0[0], r1[0], r2[0], r3[0]), d0)
            store4(Vector4(r0[1], r1[1], r2[1], r3[1]), d0 + rows)
            store4(Vector4(r0[2], r1[2], r2[2], r3[2]), d0 + 2 &* rows)
            store4(Vector4(r0[3], r1[3], r2[3], r3[3]), d0 + 3 &* rows)
            j += 4
        }
        while j < columns {
            let d = destination + j &* rows + i
            d[0] = s0[j]; d[1] = s1[j]; d[2] = s2[j]; d[3] = s3[j]
            j += 1
        }
        i += 4
    }
    while i < rows {
        let row = source + i &* columns
        for j in 0..<columns { destination[j &* rows + i] = row[j] }
        i += 1
    }
}
