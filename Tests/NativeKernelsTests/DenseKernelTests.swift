import Dispatch
import NativeKernels
import Synchronization
import TensorCore
import XCTest

/// The packed GEMM and the matvec against naive loops, on awkward sizes
/// (tails in every direction) and on negative strides.
final class DenseKernelTests: XCTestCase {
    private func random(_ n: Int, _ g: inout RandomGenerator) -> [Double] { (0..<n).map { _ in g.nextNormal() } }

    /// A heap copy of `values` (freed by the caller).
    private func copy(_ values: [Double]) -> UnsafeMutablePointer<Double> {
        let p = UnsafeMutablePointer<Double>.allocate(capacity: max(1, values.count))
        p.initialize(repeating: .nan, count: max(1, values.count))
        for (i, v) in values.enumerated() { p[i] = v }
        return p
    }

    func testGemmMatchesNaiveProductForAllStrideForms() {
        var g = RandomGenerator(seed: 1)
        for (m, n, k) in [(1, 1, 1), (4, 8, 3), (5, 9, 7), (13, 21, 2), (8, 16, 33), (3, 7, 1), (6, 29, 5), (17, 13, 4)] {
            let a = random(m * k, &g), b = random(k * n, &g), initial = random(m * n, &g)
            let aT = (0..<(k * m)).map { a[($0 % m) * k + $0 / m] }  // Aᵀ stored k × m
            for accumulate in [false, true] {
                var expected = accumulate ? initial : [Double](repeating: 0, count: m * n)
                for i in 0..<m { for j in 0..<n { for kk in 0..<k { expected[i * n + j] += a[i * k + kk] * b[kk * n + j] } } }
                let ap = copy(a), bp = copy(b), tp = copy(aT), scratch = copy([Double](repeating: .nan, count: gemmScratchCount(m: m, n: n, k: k)))
                let plain = copy(initial), reversed = copy(initial), transposed = copy(initial)
                defer { for p in [ap, bp, tp, scratch, plain, reversed, transposed] { p.deallocate() } }
                gemm(m: m, n: n, k: k, a: ap, aRowStride: k, aColumnStride: 1, b: bp, ldb: n,
                     c: plain, ldc: n, accumulate: accumulate, scratch: scratch)
                // k runs backwards in both operands (negative strides).
                gemm(m: m, n: n, k: k, a: ap + (k - 1), aRowStride: k, aColumnStride: -1, b: bp + (k - 1) * n, ldb: -n,
                     c: reversed, ldc: n, accumulate: accumulate, scratch: scratch)
                gemm(m: m, n: n, k: k, a: tp, aRowStride: 1, aColumnStride: m, b: bp, ldb: n,
                     c: transposed, ldc: n, accumulate: accumulate, scratch: scratch)
                let results = [plain, reversed, transposed].map { (p: UnsafeMutablePointer<Double>) -> [Double] in Array(UnsafeBufferPointer(start: p, count: m * n)) }
                for (name, got) in zip(["plain", "reversed", "transposed"], results) {
                    XCTAssertLessThan(relativeError(got, expected), 1e-14, "\(name) \(m)×\(n)×\(k) accumulate \(accumulate)")
                }
                XCTAssertEqual(results[0], results[2], "same summation order, same bits")
                // Every element is one multiply and one add per term, in k order, like the naive loop.
                XCTAssertEqual(results[0], expected, "plain \(m)×\(n)×\(k) accumulate \(accumulate): not the naive k-order sum")
            }
        }
    }

    func testBlockedGemmSumsEveryElementInItsDocumentedOrder() {
        var g = RandomGenerator(seed: 6)
        // Sizes that cross the depth panel (128), the row block (72) and the column block (256), with ragged tiles.
        let cases: [(m: Int, n: Int, k: Int, alpha: Double, beta: Double, transposed: Bool)] = [
            (1, 1, 1, 1, 0, false), (7, 9, 5, 1, 0, true), (13, 11, 130, -0.5, 2, false),
            (80, 300, 129, 1, 1, true), (6, 8, 300, 2, 0, false), (73, 5, 257, 1, -1, true)]
        for (m, n, k, alpha, beta, transposed) in cases {
            let a = random(m * k, &g), b = random(k * n, &g), initial = random(m * n, &g)
            // op(A) and op(B) read through strides: stored transposed when `transposed`.
            let aStored = transposed ? (0..<(k * m)).map { a[($0 % m) * k + $0 / m] } : a
            let bStored = transposed ? (0..<(n * k)).map { b[($0 % k) * n + $0 / k] } : b
            var expected = initial
            for i in 0..<m {
                for j in 0..<n {
                    var c = initial[i * n + j]
                    for panel in stride(from: 0, to: k, by: blockedGemmDepth) {
                        var sum = 0.0
                        for p in panel..<min(panel + blockedGemmDepth, k) { sum += a[i * k + p] * b[p * n + j] }
                        c = panel == 0 ? (beta == 0 ? alpha * sum : alpha * sum + beta * c) : alpha * sum + 1 * c
                    }
                    expected[i * n + j] = c
                }
            }
            let ap = copy(aStored), bp = copy(bStored), cp = copy(beta == 0 ? [Double](repeating: .nan, count: m * n) : initial)
            defer { for p in [ap, bp, cp] { p.deallocate() } }
            blockedGemm(m: m, n: n, k: k, alpha: alpha,
                        a: ap, aRowStride: transposed ? 1 : k, aColumnStride: transposed ? m : 1,
                        b: bp, bRowStride: transposed ? 1 : n, bColumnStride: transposed ? k : 1,
                        beta: beta, c: cp, ldc: n)
            let got = Array(UnsafeBufferPointer(start: cp, count: m * n))
            XCTAssertEqual(got.map(\.bitPattern), expected.map(\.bitPattern), "\(m)×\(n)×\(k), α \(alpha), β \(beta), transposed \(transposed)")
        }
    }

    func testBlockedGemmsOnSeveralThreadsAtOnceEachGetTheirOwnWorkspace() {
        var g = RandomGenerator(seed: 7)
        let sizes = [(40, 300, 140), (9, 20, 7), (80, 64, 200), (3, 3, 3)]
        let operands = sizes.map { (m, n, k) in (random(m * k, &g), random(k * n, &g)) }
        /// C = A·B for case `index`, as bit patterns.
        @Sendable func product(_ index: Int, _ a: [Double], _ b: [Double]) -> [UInt64] {
            let (m, n, k) = sizes[index]
            var c = [Double](repeating: 0, count: m * n)
            a.withUnsafeBufferPointer { ap in
                b.withUnsafeBufferPointer { bp in
                    c.withUnsafeMutableBufferPointer { cp in
                        blockedGemm(m: m, n: n, k: k, alpha: 1, a: ap.baseAddress!, aRowStride: k, aColumnStride: 1,
                                    b: bp.baseAddress!, bRowStride: n, bColumnStride: 1, beta: 0, c: cp.baseAddress!, ldc: n)
                    }
                }
            }
            return c.map(\.bitPattern)
        }
        let serial = operands.indices.map { product($0, operands[$0].0, operands[$0].1) }
        let results = Mutex([[UInt64]?](repeating: nil, count: 40))
        DispatchQueue.concurrentPerform(iterations: 40) { i in
            let index = i % sizes.count
            let bits = product(index, operands[index].0, operands[index].1)
            results.withLock { $0[i] = bits }
        }
        let parallel = results.withLock { $0 }
        for i in 0..<40 { XCTAssertEqual(parallel[i], serial[i % sizes.count], "run \(i)") }
    }

    func testMatvecInBothVisitOrdersMatchesNaiveProduct() {
        var g = RandomGenerator(seed: 2)
        for (rows, columns) in [(1, 1), (4, 4), (7, 5), (9, 13), (16, 3)] {
            let w = random(rows * columns, &g), x = random(columns, &g)
            let expected = (0..<rows).map { i in (0..<columns).map { w[i * columns + $0] * x[$0] }.reduce(0, +) }
            let wp = copy(w), xp = copy(x), up = copy(expected), down = copy(expected)
            defer { for p in [wp, xp, up, down] { p.deallocate() } }
            matvec(rows: rows, columns: columns, w: wp, x: xp, y: up)
            matvec(rows: rows, columns: columns, w: wp, x: xp, y: down, descending: true)
            let a = Array(UnsafeBufferPointer(start: up, count: rows)), b = Array(UnsafeBufferPointer(start: down, count: rows))
            XCTAssertEqual(a, b, "visit order must not change any bit")
            XCTAssertLessThan(relativeError(a, expected), 1e-14)
        }
    }

    func testTransposedMatvecInBothVisitOrdersMatchesNaiveProduct() {
        var g = RandomGenerator(seed: 3)
        for (rows, columns) in [(1, 1), (3, 2), (4, 4), (7, 5), (9, 13), (16, 3), (12, 8)] {
            let w = random(rows * columns, &g), x = random(rows, &g)
            let expected = (0..<columns).map { j in (0..<rows).map { w[$0 * columns + j] * x[$0] }.reduce(0, +) }
            let wp = copy(w), xp = copy(x), up = copy(random(columns, &g)), down = copy(random(columns, &g))
            defer { for p in [wp, xp, up, down] { p.deallocate() } }
            matvecTransposed(rows: rows, columns: columns, w: wp, x: xp, y: up)
            matvecTransposed(rows: rows, columns: columns, w: wp, x: xp, y: down, descending: true)
            for (name, p) in [("top-down", up), ("bottom-up", down)] {
                let got = Array(UnsafeBufferPointer(start: p, count: columns))
                XCTAssertLessThan(relativeError(got, expected), 1e-14, "\(name) \(rows)×\(columns)")
            }
        }
    }

    func testAccumulatingMatvecsAddTheProductToWhatIsThere() {
        var g = RandomGenerator(seed: 4)
        for (rows, columns) in [(1, 1), (4, 4), (7, 5), (9, 13), (16, 3)] {
            let w = random(rows * columns, &g), xr = random(columns, &g), xc = random(rows, &g)
            let start = random(rows, &g), startT = random(columns, &g)
            let product = (0..<rows).map { i in (0..<columns).map { w[i * columns + $0] * xr[$0] }.reduce(0, +) }
            let productT = (0..<columns).map { j in (0..<rows).map { w[$0 * columns + j] * xc[$0] }.reduce(0, +) }
            let wp = copy(w), xrp = copy(xr), xcp = copy(xc), y = copy(start), yT = copy(startT), fresh = copy(start)
            defer { for p in [wp, xrp, xcp, y, yT, fresh] { p.deallocate() } }
            matvec(rows: rows, columns: columns, w: wp, x: xrp, y: y, accumulate: true)
            matvec(rows: rows, columns: columns, w: wp, x: xrp, y: fresh)
            matvecTransposed(rows: rows, columns: columns, w: wp, x: xcp, y: yT, accumulate: true)
            let got = Array(UnsafeBufferPointer(start: y, count: rows)), gotT = Array(UnsafeBufferPointer(start: yT, count: columns))
            // Dot form: the same sum as without accumulate, then one add.
            XCTAssertEqual(got.map(\.bitPattern), (0..<rows).map { (start[$0] + fresh[$0]).bitPattern }, "\(rows)×\(columns)")
            XCTAssertLessThan(relativeError(got, zip(start, product).map(+)), 1e-14, "\(rows)×\(columns)")
            XCTAssertLessThan(relativeError(gotT, zip(startT, productT).map(+)), 1e-14, "transposed \(rows)×\(columns)")
        }
    }

    func testOuterProductUpdateEqualsTheScalarFormulaAndSkipsZeroScales() {
        var g = RandomGenerator(seed: 5)
        for (rows, columns) in [(1, 1), (3, 4), (5, 7), (12, 9)] {
            var scales = random(rows, &g)
            scales[rows / 2] = 0
            let u = random(columns, &g), w = random(rows * columns, &g)
            var expected = w
            for i in 0..<rows where scales[i] != 0 { for j in 0..<columns { expected[i * columns + j] += scales[i] * u[j] } }
            let sp = copy(scales), up = copy(u), wp = copy(w)
            defer { for p in [sp, up, wp] { p.deallocate() } }
            addOuterProduct(rows: rows, columns: columns, scales: sp, up, to: wp)
            XCTAssertEqual(Array(UnsafeBufferPointer(start: wp, count: rows * columns)).map(\.bitPattern), expected.map(\.bitPattern),
                           "\(rows)×\(columns)")
        }
    }

    func testStreamingSumAddsEveryElementOnce() {
        for n in [0, 1, 15, 16, 17, 100, 1027] {
            let values = (0..<n).map { Double($0 + 1) }   // integers: every partial sum is exact
            let p = copy(values)
            defer { p.deallocate() }
            XCTAssertEqual(streamingSum(p, count: n), Double(n * (n + 1) / 2), "n = \(n)")
        }
    }

    func testTransposeMovesEveryElementIncludingRaggedEdges() {
        for (rows, columns) in [(1, 1), (1, 6), (5, 1), (4, 4), (7, 9), (89, 100), (100, 89), (8, 13)] {
            // Each element encodes its own position, so a misplaced one is seen.
            let source = (0..<(rows * columns)).map { Double($0 / columns) * 1000 + Double($0 % columns) }
            let sp = copy(source), dp = copy([Double](repeating: .nan, count: rows * columns))
            defer { for p in [sp, dp] { p.deallocate() } }
            transpose(sp, rows: rows, columns: columns, into: dp)
            for j in 0..<columns {
                for i in 0..<rows where dp[j * rows + i] != Double(i * 1000 + j) {
                    XCTFail("\(rows)×\(columns): element (\(i), \(j)) arrived as \(dp[j * rows + i])")
                    return
                }
            }
        }
    }
}

/// Largest |a − b| divided by the largest |b|.
private func relativeError(_ a: [Double], _ b: [Double]) -> Double {
    let scale = b.map(abs).max() ?? 0
    let diff = zip(a, b).map { abs($0 - $1) }.max() ?? 0
    return scale == 0 ? diff : diff / scale
}
