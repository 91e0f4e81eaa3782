// The cache-blocked matrix product behind TensorCore's `Tensor.gemm` (the BLAS
// `dgemm` contract), in Goto/van de Geijn form: B is packed a block of
// `depthBlock × columnBlock` at a time into slivers of `tileColumns` columns, A a
// block of `rowBlock × depthBlock` at a time into slivers of `tileRows` rows, and a
// register-tile micro-kernel sweeps them. The two builds of this module use
// different tiles — 6 × 4 in 128-bit pairs on baseline x86-64, 4 × 8 in 256-bit
// vectors with AVX2 (compiled with NATIVE_AVX2) — but the same order of every sum,
// so they compute the same bits.

#if NATIVE_AVX2
/// Rows of C per register tile (eight accumulators leave the other eight
/// registers for B and the broadcasts; six rows made Swift spill).
private let tileRows = 4
/// Columns of C per register tile: two 256-bit vectors.
private let tileColumns = 8
/// Copies of each A value in a packed sliver: one, broadcast by the kernel.
private let aCopies = 1
#else
/// Rows of C per register tile.
private let tileRows = 6
/// Columns of C per register tile: two 128-bit pairs.
private let tileColumns = 4
/// Copies of each A value in a packed sliver: two, so the kernel loads a ready
/// pair (baseline x86-64 has no broadcast load).
private let aCopies = 2
#endif
/// Rows of A per packed block (a multiple of both tile heights).
private let rowBlock = 72
/// Columns of B per packed block (a multiple of both tile widths).
private let columnBlock = 256

/// The depth of one packed panel: each element of C is summed over k in panels of
/// this many terms, which is part of the order of the sum (see ``blockedGemm``).
public let blockedGemmDepth = 128

/// `C ← α · op(A) · op(B) + β · C` for `m, n, k ≥ 1`, with op(A)(i, p) read at
/// `a[i·aRowStride + p·aColumnStride]`, op(B)(p, j) at `b[p·bRowStride + j·bColumnStride]`
/// (so either operand may be transposed without a copy) and C row-major with row
/// stride `ldc`. When `beta` is 0, C is overwritten without being read. C must not
/// overlap A or B; the caller has checked every size and stride.
///
/// Every element is summed in the same order in both builds: over each panel of
/// ``blockedGemmDepth`` consecutive p, `s = Σ op(A)(i, p)·op(B)(p, j)` from zero in
/// increasing p, one multiply and one add per term; then `C ← α·s + β·C` for the
/// first panel and `C ← α·s + C` for each later one.
public func blockedGemm(
    m: Int, n: Int, k: Int, alpha: Double,
    a: UnsafePointer<Double>, aRowStride: Int, aColumnStride: Int,
    b: UnsafePointer<Double>, bRowStride: Int, bColumnStride: Int,
    beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int
) {
    let depthMax = Swift.min(k, blockedGemmDepth)
    let rowsMax = roundUp(Swift.min(m, rowBlock), to: tileRows)
    let columnsMax = roundUp(Swift.min(n, columnBlock), to: tileColumns)
    let packedACount = rowsMax * depthMax * aCopies, packedBCount = columnsMax * depthMax
    withWorkspace(count: packedACount + packedBCount + tileRows * tileColumns) { workspace in
        sweep(m: m, n: n, k: k, alpha: alpha, a: a, aRowStride: aRowStride, aColumnStride: aColumnStride,
              b: b, bRowStride: bRowStride, bColumnStride: bColumnStride, beta: beta, c: c, ldc: ldc,
              packedA: workspace, packedB: workspace + packedACount, tile: workspace + packedACount + packedBCount)
    }
}

/// The loops of ``blockedGemm`` over blocks, slivers and tiles, with its packing space.
private func sweep(
    m: Int, n: Int, k: Int, alpha: Double,
    a: UnsafePointer<Double>, aRowStride: Int, aColumnStride: Int,
    b: UnsafePointer<Double>, bRowStride: Int, bColumnStride: Int,
    beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int,
    packedA: UnsafeMutablePointer<Double>, packedB: UnsafeMutablePointer<Double>, tile: UnsafeMutablePointer<Double>
) {
    for jc in stride(from: 0, to: n, by: columnBlock) {
        let nc = Swift.min(columnBlock, n - jc)
        for pc in stride(from: 0, to: k, by: blockedGemmDepth) {
            let kc = Swift.min(blockedGemmDepth, k - pc)
            packB(b + pc * bRowStride + jc * bColumnStride, rowStride: bRowStride, columnStride: bColumnStride,
                  depth: kc, columns: nc, into: packedB)
            for ic in stride(from: 0, to: m, by: rowBlock) {
                let mc = Swift.min(rowBlock, m - ic)
                packA(a + ic * aRowStride + pc * aColumnStride, rowStride: aRowStride, columnStride: aColumnStride,
                      rows: mc, depth: kc, into: packedA)
                for jr in stride(from: 0, to: nc, by: tileColumns) {
                    for ir in stride(from: 0, to: mc, by: tileRows) {
                        microKernel(depth: kc, a: packedA + aCopies * ir * kc, b: packedB + jr * kc, tile: tile)
                        storeTile(tile, rows: Swift.min(tileRows, mc - ir), columns: Swift.min(tileColumns, nc - jr),
                                  into: c + (ic + ir) * ldc + jc + jr, ldc: ldc, alpha: alpha, beta: pc == 0 ? beta : 1)
                    }
                }
            }
        }
    }
}

@inline(__always) private func roundUp(_ x: Int, to multiple: Int) -> Int {
    (x + multiple - 1) / multiple * multiple
}

/// Packs a `rows × depth` block of op(A) into slivers of `tileRows` rows: sliver s,
/// step p holds the sliver's rows at p (each `aCopies` times), zero past the last row.
private func packA(_ a: UnsafePointer<Double>, rowStride: Int, columnStride: Int, rows: Int, depth: Int,
                   into destination: UnsafeMutablePointer<Double>) {
    for s in stride(from: 0, to: rows, by: tileRows) {
        let sliver = destination + aCopies * s * depth
        let valid = Swift.min(tileRows, rows - s)
        for r in 0..<tileRows {
            var source = a + (s + r) * rowStride
            var target = sliver + aCopies * r
            for _ in 0..<depth {
                let value = r < valid ? source.pointee : 0
                for copy in 0..<aCopies { target[copy] = value }
                source += columnStride
                target += aCopies * tileRows
            }
        }
    }
}

/// Packs a `depth × columns` block of op(B) into slivers of `tileColumns` columns:
/// sliver s, step p holds row p's values in the sliver's columns, zero past the last column.
private func packB(_ b: UnsafePointer<Double>, rowStride: Int, columnStride: Int, depth: Int, columns: Int,
                   into destination: UnsafeMutablePointer<Double>) {
    for s in stride(from: 0, to: columns, by: tileColumns) {
        let sliver = destination + s * depth
        let valid = Swift.min(tileColumns, columns - s)
        for p in 0..<depth {
            let source = b + p * rowStride + s * columnStride, target = sliver + p * tileColumns
            for j in 0..<tileColumns { target[j] = j < valid ? source[j * columnStride] : 0 }
        }
    }
}

#if NATIVE_AVX2
/// The 4 × 8 register tile: `tile[r, 0..<8] = Σₚ a[r, p] · b[p, 0..<8]` over one
/// packed sliver pair, in eight 256-bit accumulators (``Tile4x8``).
@inline(__always)
private func microKernel(depth: Int, a: UnsafePointer<Double>, b: UnsafePointer<Double>, tile: UnsafeMutablePointer<Double>) {
    var registers = Tile4x8()
    registers.accumulate(depth: depth, a: a, b: b)
    registers.store(to: tile, rowStride: tileColumns)
}
#else
/// The 6 × 4 register tile: `tile[r, 0..<4] = Σₚ a[r, p] · b[p, 0..<4]` over one
/// packed sliver pair, in twelve 128-bit accumulators (A's values come in pairs).
@inline(__always)
private func microKernel(depth: Int, a: UnsafePointer<Double>, b: UnsafePointer<Double>, tile: UnsafeMutablePointer<Double>) {
    typealias Pair = SIMD2<Double>
    @inline(__always) func load2(_ p: UnsafePointer<Double>) -> Pair { UnsafeRawPointer(p).loadUnaligned(as: Pair.self) }
    @inline(__always) func store2(_ v: Pair, _ p: UnsafeMutablePointer<Double>) { UnsafeMutableRawPointer(p).storeBytes(of: v, as: Pair.self) }
    var c00 = Pair(), c01 = Pair(), c10 = Pair(), c11 = Pair()
    var c20 = Pair(), c21 = Pair(), c30 = Pair(), c31 = Pair()
    var c40 = Pair(), c41 = Pair(), c50 = Pair(), c51 = Pair()
    var pa = a, pb = b
    for _ in 0..<depth {
        let b0 = load2(pb), b1 = load2(pb + 2)
        var s = load2(pa)
        c00 += s * b0; c01 += s * b1
        s = load2(pa + 2)
        c10 += s * b0; c11 += s * b1
        s = load2(pa + 4)
        c20 += s * b0; c21 += s * b1
        s = load2(pa + 6)
        c30 += s * b0; c31 += s * b1
        s = load2(pa + 8)
        c40 += s * b0; c41 += s * b1
        s = load2(pa + 10)
        c50 += s * b0; c51 += s * b1
        pa += 12
        pb += 4
    }
    store2(c00, tile); store2(c01, tile + 2)
    store2(c10, tile + 4); store2(c11, tile + 6)
    store2(c20, tile + 8); store2(c21, tile + 10)
    store2(c30, tile + 12); store2(c31, tile + 14)
    store2(c40, tile + 16); store2(c41, tile + 18)
    store2(c50, tile + 20); store2(c51, tile + 22)
}
#endif

/// Writes `C ← α·tile + β·C` (β = 0: without reading C) for the valid
/// `rows × columns` corner of a tile.
@inline(__always)
private func storeTile(_ tile: UnsafePointer<Double>, rows: Int, columns: Int, into c: UnsafeMutablePointer<Double>,
                       ldc: Int, alpha: Double, beta: Double) {
    for r in 0..<rows {
        let values = tile + r * tileColumns, row = c + r * ldc
        for j in 0..<columns {
            row[j] = beta == 0 ? alpha * values[j] : alpha * values[j] + beta * row[j]
        }
    }
}
