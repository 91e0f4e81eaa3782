import NativeKernels

// General matrix multiply on raw row-major buffers (the BLAS `dgemm` contract),
// for callers that keep their own storage and want no intermediate tensors.
extension Tensor {
    /// `C ← α · op(A) · op(B) + β · C` on row-major buffers, where op(X) is X or Xᵀ.
    ///
    /// op(A) is m×k, op(B) is k×n and C is m×n. Every matrix is row-major with a
    /// leading dimension (the distance between the starts of two consecutive stored
    /// rows): element (i, j) of a stored matrix X with leading dimension `ldx` is
    /// `x[i * ldx + j]`. With `transposeA`, A is *stored* k×m and Aᵀ is used;
    /// likewise for B. A sub-block of a larger matrix is passed by pointing at its
    /// first element and giving the larger matrix's row length as leading dimension.
    ///
    /// ```swift
    /// // dW += hᵀ · dy   (h: T×H, dy: T×V, dW: H×V, all row-major)
    /// try Tensor.gemm(transposeA: true, m: H, n: V, k: T,
    ///                 a: h, lda: H, b: dy, ldb: V, beta: 1, c: dW, ldc: V)
    /// ```
    ///
    /// Algorithm: Goto/van de Geijn blocking (NativeKernels' `blockedGemm`, run by the
    /// build ``NativeInstructionSet/active`` picks). B is copied in blocks of 128×256
    /// into slivers of tile width, A in blocks of 72×128 into slivers of tile height,
    /// and a register-tile micro-kernel accumulates one tile of C per step of k: 4×8
    /// in 256-bit vectors on AVX2 CPUs, 6×4 in 128-bit pairs otherwise. Both builds sum
    /// every element in the same order (by panels of 128 terms), so they give the
    /// same bits. See `swift run -c release UnrollBench matmul` for the speed.
    ///
    /// - Parameters:
    ///   - transposeA: use Aᵀ, with A stored k×m (leading dimension ≥ m).
    ///   - transposeB: use Bᵀ, with B stored n×k (leading dimension ≥ k).
    ///   - m, n, k: the sizes of op(A) (m×k), op(B) (k×n) and C (m×n).
    ///   - alpha, beta: the scalars; when `beta` is 0, C is overwritten without
    ///     being read (NaNs already in C vanish).
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
        if m == 1 || n == 1 {
            // A row or a column of C: matrix·vector work, without packing or padded tiles.
            gemmOfVector(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: alpha,
                         a: aBase, lda: lda, b: bBase, ldb: ldb, beta: beta, c: cBase, ldc: ldc)
            return
        }
        try tiledGemm(m: m, n: n, k: k, alpha: alpha,
                      a: aBase, aRow: transposeA ? 1 : lda, aColumn: transposeA ? lda : 1,
                      b: bBase, bRow: transposeB ? 1 : ldb, bColumn: transposeB ? ldb : 1,
                      beta: beta, c: cBase, ldc: ldc)
    }

    /// The kernel's product, run as tiles of about `target` multiply-adds with a check for an
    /// interrupt or a deadline (``ExecutionContext``) between them; see ``gemmTile(m:n:k:target:)``.
    /// op(A)(i, p) is at `a[i·aRow + p·aColumn]`, op(B)(p, j) at `b[p·bRow + j·bColumn]`.
    static func tiledGemm(
        m: Int, n: Int, k: Int, alpha: Double,
        a: UnsafePointer<Double>, aRow: Int, aColumn: Int,
        b: UnsafePointer<Double>, bRow: Int, bColumn: Int,
        beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int, target: Int = gemmTileTarget
    ) throws {
        let tile = gemmTile(m: m, n: n, k: k, target: target)
        let tiled = tile != (m, n, k)
        for row in stride(from: 0, to: m, by: tile.rows) {
            for column in stride(from: 0, to: n, by: tile.columns) {
                for depth in stride(from: 0, to: k, by: tile.depth) {
                    if tiled { try ExecutionContext.checkpoint("matmul") }
                    NativeInstructionSet.activeKernels.blockedGemm(
                        Swift.min(tile.rows, m - row), Swift.min(tile.columns, n - column), Swift.min(tile.depth, k - depth), alpha,
                        a + row * aRow + depth * aColumn, aRow, aColumn,
                        b + depth * bRow + column * bColumn, bRow, bColumn,
                        depth == 0 ? beta : 1, c + row * ldc + column, ldc)
                }
            }
        }
    }

    /// Multiply-adds between two checks for an interrupt in a long product: 2²⁵, about
    /// 3 ms of one core's work, so a Ctrl-C lands well within 100 ms even when other
    /// programs share the core; the checks themselves cost nothing measurable.
    static let gemmTileTarget = 1 << 25

    /// How a product is cut: whole up to `target` multiply-adds (``gemmTileTarget``);
    /// beyond, into tiles of about that size that follow the kernel's own
    /// blocks — 256 columns of C, depths in whole panels of ``blockedGemmDepth`` (128),
    /// and rows in blocks of 72 only when a tile of every row would still be too large.
    ///
    /// The kernel sums each element panel by panel, adding every panel after the first
    /// to C, so a later depth tile with β = 1 continues exactly that sum: the result is
    /// the same bits as one call. Column and depth tiles pack what the kernel's own
    /// loops pack anyway; only tiles of rows pack B's panels once more each.
    static func gemmTile(m: Int, n: Int, k: Int, target: Int = gemmTileTarget) -> (rows: Int, columns: Int, depth: Int) {
        let (mn, overflow) = m.multipliedReportingOverflow(by: n)
        let (mnk, overflowK) = mn.multipliedReportingOverflow(by: k)
        guard overflow || overflowK || mnk > target else { return (m, n, k) }
        let panel = NativeKernels.blockedGemmDepth
        let columns = Swift.min(n, 256)
        let depth = Swift.min(k, Swift.max(panel, target / Swift.max(1, m * columns) / panel * panel))
        let rows = m * columns * depth <= target ? m : Swift.min(m, Swift.max(72, target / (columns * depth) / 72 * 72))
        return (rows, columns, depth)
    }

    /// Throws unless a buffer of `count` elements holds a `rows × columns` matrix with the given leading dimension.
    static func checkStorage(_ name: String, _ count: Int, rows: Int, columns: Int, leading: Int,
                             operation: String = "gemm") throws {
        guard leading >= Swift.max(1, columns) else {
            throw TensorError.value(operation, "leading dimension of \(name) is \(leading) but its rows hold \(columns) values; pass at least \(Swift.max(1, columns))")
        }
        guard rows > 0, columns > 0 else { return }
        let (last, overflow) = (rows - 1).multipliedReportingOverflow(by: leading)
        guard !overflow, last <= Int.max - columns, count >= last + columns else {
            throw TensorError.value(operation, "buffer \(name) holds \(count) values, too few for a \(rows)×\(columns) matrix with leading dimension \(leading)")
        }
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
