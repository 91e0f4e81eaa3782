/// General matrix multiply on raw row-major buffers (the BLAS `dgemm` contract).
///
///     C ← α · op(A) · op(B) + β · C        op(X) = X or Xᵀ
///
/// op(A) is m×k, op(B) is k×n and C is m×n. Every matrix is row-major with a
/// leading dimension (the distance between the starts of two consecutive stored
/// rows): element (i, j) of a stored matrix `X` with leading dimension `ldx` is
/// `x[i * ldx + j]`. When `transposeA` is true, A is *stored* k×m and its
/// transpose is used; likewise for B.
///
/// The algorithm is the Goto/van de Geijn blocking: B is copied in blocks of
/// `kcBlock × ncBlock` into slivers of `nr` columns, A in blocks of
/// `mcBlock × kcBlock` into slivers of `mr` rows (each value duplicated into a
/// SIMD pair so that the kernel needs no shuffles), and a register-blocked
/// 4×4 micro-kernel accumulates one tile of C in eight `SIMD2<Double>`
/// registers per step of k.
extension Tensor {
    /// `C ← α·op(A)·op(B) + β·C` on row-major buffers; see the extension's overview.
    ///
    /// - Parameters:
    ///   - transposeA: use Aᵀ, with A stored k×m (leading dimension ≥ m).
    ///   - transposeB: use Bᵀ, with B stored n×k (leading dimension ≥ k).
    ///   - m, n, k: the sizes of op(A) (m×k), op(B) (k×n) and C (m×n).
    ///   - beta: when 0, C is overwritten without being read (NaNs in C vanish).
    ///   - c: must not overlap `a` or `b`.
    /// - Throws: `TensorError` (`invalidArgument`) for a negative size, a leading
    ///   dimension smaller than its row length, or a buffer too short for its matrix.
    public static func gemm(
        transposeA: Bool = false, transposeB: Bool = false,
        m: Int, n: Int, k: Int,
        alpha: Double = 1,
        a: UnsafeBufferPointer<Double>, lda: Int,
        b: UnsafeBufferPointer<Double>, ldb: Int,
        beta: Double = 0,
        c: UnsafeMutableBufferPointer<Double>, ldc: Int
    ) throws {
        guard m >= 0, n >= 0, k >= 0 else {
            throw TensorError.value("gemm", "sizes must be non-negative, got m=\(m), n=\(n), k=\(k)")
        }
        try checkStorage("a", a.count, rows: transposeA ? k : m, columns: transposeA ? m : k, leading: lda)
        try checkStorage("b", b.count, rows: transposeB ? n : k, columns: transposeB ? k : n, leading: ldb)
        try checkStorage("c", c.count, rows: m, columns: n, leading: ldc)
        guard m > 0, n > 0, let cBase = c.baseAddress else { return }
        guard k > 0, alpha != 0, let aBase = a.baseAddress, let bBase = b.baseAddress else {
            scaleMatrix(cBase, rows: m, columns: n, leading: ldc, by: beta)
            return
        }
        let opA = StridedMatrix(base: aBase, leading: lda, transposed: transposeA)
        let opB = StridedMatrix(base: bBase, leading: ldb, transposed: transposeB)
        blockedGemm(m: m, n: n, k: k, alpha: alpha, a: opA, b: opB, beta: beta, c: cBase, ldc: ldc)
    }

    /// Throws unless a buffer of `count` elements holds a `rows × columns` matrix with the given leading dimension.
    static func checkStorage(_ name: String, _ count: Int, rows: Int, columns: Int, leading: Int) throws {
        guard leading >= Swift.max(1, columns) else {
            throw TensorError.value("gemm", "leading dimension of \(name) is \(leading) but its rows hold \(columns) values; pass at least \(Swift.max(1, columns))")
        }
        guard rows > 0, columns > 0 else { return }
        let (last, overflow) = (rows - 1).multipliedReportingOverflow(by: leading)
        guard !overflow, last <= Int.max - columns, count >= last + columns else {
            throw TensorError.value("gemm", "buffer \(name) holds \(count) values, too few for a \(rows)×\(columns) matrix with leading dimension \(leading)")
        }
    }
}

/// A read-only view of a row-major matrix or of its transpose.
struct StridedMatrix {
    let base: UnsafePointer<Double>
    let leading: Int
    let transposed: Bool

    /// Element (i, j) of op(X).
    @inline(__always) subscript(i: Int, j: Int) -> Double {
        transposed ? base[j * leading + i] : base[i * leading + j]
    }
}

/// C ← β·C for an m×n block (β = 0 writes zeros without reading).
func scaleMatrix(_ c: UnsafeMutablePointer<Double>, rows: Int, columns: Int, leading: Int, by beta: Double) {
    for i in 0..<rows {
        let row = c + i * leading
        if beta == 0 {
            row.update(repeating: 0, count: columns)
        } else if beta != 1 {
            for j in 0..<columns { row[j] *= beta }
        }
    }
}

// MARK: - Blocking

// Tile and block sizes. A packed A block (mc × kc, duplicated: 128 KB) and a packed
// B panel (kc × nc: 256 KB) fit together in a 512 KB L2 cache, so large products do
// not depend on the shared L3; one B sliver (kc × nr: 4 KB) stays in L1 while the
// micro-kernel sweeps the A block. Chosen by measurement on a Zen 3 core.
private let mr = 4
private let nr = 4
private let mcBlock = 64
private let kcBlock = 128
private let ncBlock = 256

/// The blocked driver: loops over panels of B and A, packing each once, then tiles.
private func blockedGemm(
    m: Int, n: Int, k: Int, alpha: Double,
    a: StridedMatrix, b: StridedMatrix, beta: Double,
    c: UnsafeMutablePointer<Double>, ldc: Int
) {
    let kcMax = Swift.min(k, kcBlock)
    let mcMax = roundUp(Swift.min(m, mcBlock), to: mr)
    let ncMax = roundUp(Swift.min(n, ncBlock), to: nr)
    // A is packed with each value duplicated (2 doubles per value).
    let packedA = UnsafeMutableRawPointer.allocate(byteCount: mcMax * kcMax * 16, alignment: 64)
    let packedB = UnsafeMutableRawPointer.allocate(byteCount: ncMax * kcMax * 8, alignment: 64)
    defer {
        packedA.deallocate()
        packedB.deallocate()
    }
    let aPack = packedA.bindMemory(to: Double.self, capacity: mcMax * kcMax * 2)
    let bPack = packedB.bindMemory(to: Double.self, capacity: ncMax * kcMax)
    var tile = (SIMD4<Double>(), SIMD4<Double>(), SIMD4<Double>(), SIMD4<Double>())

    for jc in stride(from: 0, to: n, by: ncBlock) {
        let nc = Swift.min(ncBlock, n - jc)
        for pc in stride(from: 0, to: k, by: kcBlock) {
            let kc = Swift.min(kcBlock, k - pc)
            let firstPanel = pc == 0
            packB(b, rows: pc, kc, columns: jc, nc, into: bPack)
            for ic in stride(from: 0, to: m, by: mcBlock) {
                let mc = Swift.min(mcBlock, m - ic)
                packA(a, rows: ic, mc, columns: pc, kc, into: aPack)
                for jr in stride(from: 0, to: nc, by: nr) {
                    let bSliver = bPack + jr * kc
                    let columns = Swift.min(nr, nc - jr)
                    for ir in stride(from: 0, to: mc, by: mr) {
                        let aSliver = UnsafeRawPointer(aPack + 2 * ir * kc)
                        microKernel(kc: kc, a: aSliver, b: UnsafeRawPointer(bSliver), tile: &tile)
                        let rows = Swift.min(mr, mc - ir)
                        let cTile = c + (ic + ir) * ldc + jc + jr
                        storeTile(tile, rows: rows, columns: columns, into: cTile, ldc: ldc,
                                  alpha: alpha, beta: firstPanel ? beta : 1)
                    }
                }
            }
        }
    }
}

@inline(__always) private func roundUp(_ x: Int, to multiple: Int) -> Int {
    (x + multiple - 1) / multiple * multiple
}

/// Packs op(A)[rows r0..<r0+mc, columns p0..<p0+kc] into slivers of `mr` rows:
/// sliver s, step p holds the pairs (a, a) for its `mr` rows, zero-padded past row m.
private func packA(_ a: StridedMatrix, rows r0: Int, _ mc: Int, columns p0: Int, _ kc: Int,
                   into dst: UnsafeMutablePointer<Double>) {
    for s in stride(from: 0, to: mc, by: mr) {
        let sliver = dst + 2 * s * kc
        let rows = Swift.min(mr, mc - s)
        for r in 0..<mr {
            if r < rows {
                let i = r0 + s + r
                for p in 0..<kc {
                    let v = a[i, p0 + p]
                    sliver[2 * (p * mr + r)] = v
                    sliver[2 * (p * mr + r) + 1] = v
                }
            } else {
                for p in 0..<kc {
                    sliver[2 * (p * mr + r)] = 0
                    sliver[2 * (p * mr + r) + 1] = 0
                }
            }
        }
    }
}

/// Packs op(B)[rows p0..<p0+kc, columns c0..<c0+nc] into slivers of `nr` columns:
/// sliver s, step p holds the `nr` values of row p, zero-padded past column n.
private func packB(_ b: StridedMatrix, rows p0: Int, _ kc: Int, columns c0: Int, _ nc: Int,
                   into dst: UnsafeMutablePointer<Double>) {
    for s in stride(from: 0, to: nc, by: nr) {
        let sliver = dst + s * kc
        let columns = Swift.min(nr, nc - s)
        for p in 0..<kc {
            let out = sliver + p * nr
            for j in 0..<nr { out[j] = j < columns ? b[p0 + p, c0 + s + j] : 0 }
        }
    }
}

/// The 4×4 register tile: `tile.r = Σ_p a[r, p] · b[p, 0..<4]` over one packed sliver pair.
@inline(__always)
private func microKernel(kc: Int, a: UnsafeRawPointer,
                         b: UnsafeRawPointer,
                         tile: inout (SIMD4<Double>, SIMD4<Double>, SIMD4<Double>, SIMD4<Double>)) {
    var c00 = SIMD2<Double>(), c01 = SIMD2<Double>()
    var c10 = SIMD2<Double>(), c11 = SIMD2<Double>()
    var c20 = SIMD2<Double>(), c21 = SIMD2<Double>()
    var c30 = SIMD2<Double>(), c31 = SIMD2<Double>()
    var pa = a
    var pb = b
    for _ in 0..<kc {
        let b0 = pb.load(as: SIMD2<Double>.self)
        let b1 = pb.load(fromByteOffset: 16, as: SIMD2<Double>.self)
        let a0 = pa.load(as: SIMD2<Double>.self)
        c00 += a0 * b0
        c01 += a0 * b1
        let a1 = pa.load(fromByteOffset: 16, as: SIMD2<Double>.self)
        c10 += a1 * b0
        c11 += a1 * b1
        let a2 = pa.load(fromByteOffset: 32, as: SIMD2<Double>.self)
        c20 += a2 * b0
        c21 += a2 * b1
        let a3 = pa.load(fromByteOffset: 48, as: SIMD2<Double>.self)
        c30 += a3 * b0
        c31 += a3 * b1
        pa += 64
        pb += 32
    }
    tile = (SIMD4(lowHalf: c00, highHalf: c01), SIMD4(lowHalf: c10, highHalf: c11),
            SIMD4(lowHalf: c20, highHalf: c21), SIMD4(lowHalf: c30, highHalf: c31))
}

/// Writes `C ← α·tile + β·C` for the valid `rows × columns` corner of a tile.
@inline(__always)
private func storeTile(_ tile: (SIMD4<Double>, SIMD4<Double>, SIMD4<Double>, SIMD4<Double>),
                       rows: Int, columns: Int, into c: UnsafeMutablePointer<Double>, ldc: Int,
                       alpha: Double, beta: Double) {
    for r in 0..<rows {
        let values: SIMD4<Double>
        switch r {
        case 0: values = tile.0
        case 1: values = tile.1
        case 2: values = tile.2
        default: values = tile.3
        }
        let row = c + r * ldc
        for j in 0..<columns {
            row[j] = beta == 0 ? alpha * values[j] : alpha * values[j] + beta * row[j]
        }
    }
}
