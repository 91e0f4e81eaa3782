import XCTest
import TensorCore

/// `matmul` and the raw `gemm`/`gemv` kernels agree with the textbook triple loop.
final class MatMulTests: XCTestCase {
    typealias Check = LinearAlgebraChecks

    /// Sizes around the kernel's 4×4 tiles and its 64/128/256 blocks, including 1 and primes.
    let sizes = [1, 3, 7, 65, 129]

    func testMatrixTimesMatrixMatchesTripleLoopAtOddSizes() throws {
        for (index, (m, k, n)) in [(1, 1, 1), (3, 7, 1), (7, 3, 65), (65, 129, 7), (129, 65, 3), (5, 300, 6), (66, 257, 67), (131, 140, 9), (5, 130, 1030)].enumerated() {
            let a = try Check.random(m, k, seed: UInt64(10 + index))
            let b = try Check.random(k, n, seed: UInt64(100 + index))
            let c = try a.matmul(b)
            XCTAssertEqual(c.shape, [m, n])
            let expected = Check.naiveProduct(a.scalars, b.scalars, m: m, k: k, n: n)
            XCTAssertLessThan(Check.maxDifference(c.scalars, expected), 1e-12 * Double(k), "\(m)×\(k)·\(k)×\(n)")
        }
    }

    func testMatrixTimesVectorAndVectorTimesMatrix() throws {
        for (index, n) in sizes.enumerated() {
            let m = sizes[(index + 2) % sizes.count]
            let a = try Check.random(m, n, seed: UInt64(20 + index))
            let x = try Check.random(1, n, seed: UInt64(40 + index)).reshaped([n])
            let y = try Check.random(1, m, seed: UInt64(60 + index)).reshaped([m])
            let ax = try a.matmul(x)
            XCTAssertEqual(ax.shape, [m])
            XCTAssertLessThan(Check.maxDifference(ax.scalars, Check.naiveProduct(a.scalars, x.scalars, m: m, k: n, n: 1)), 1e-12 * Double(n))
            let ya = try y.matmul(a)
            XCTAssertEqual(ya.shape, [n])
            XCTAssertLessThan(Check.maxDifference(ya.scalars, Check.naiveProduct(y.scalars, a.scalars, m: 1, k: m, n: n)), 1e-12 * Double(m))
        }
    }

    func testVectorDotVectorIsRankZero() throws {
        let d = try Tensor([1, 2, 3]).matmul(Tensor([4, -5, 6]))
        XCTAssertEqual(d.shape, [])
        XCTAssertEqual(d.scalarValue, 12)
        let x = try Check.random(1, 129, seed: 3).reshaped([129])
        let expected = x.scalars.reduce(0) { $0 + $1 * $1 }
        XCTAssertEqual(try x.matmul(x).scalarValue ?? .nan, expected, accuracy: 1e-12)
    }

    func testSmallProductByHand() throws {
        let a = try Tensor(rows: [[1, 2], [3, 4], [5, 6]])
        let b = try Tensor(rows: [[7, 8, 9], [10, 11, 12]])
        XCTAssertEqual(try a.matmul(b).scalars, [27, 30, 33, 61, 68, 75, 95, 106, 117])
        XCTAssertEqual(try a.matmul(Tensor([1, -1])).scalars, [-1, -1, -1])
        XCTAssertEqual(try Tensor([1, 0, -1]).matmul(a).scalars, [-4, -4])
    }

    func testEmptyInnerDimensionGivesZeros() throws {
        let a = try Tensor.zeros([2, 0]), b = try Tensor.zeros([0, 3])
        XCTAssertEqual(try a.matmul(b), try Tensor.zeros([2, 3]))
        XCTAssertEqual(try Tensor([]).matmul(Tensor([])).scalarValue, 0)
        XCTAssertEqual(try Tensor.zeros([0, 3]).matmul(Tensor.ones([3, 4])).shape, [0, 4])
        XCTAssertEqual(try Tensor.ones([2, 3]).matmul(Tensor.ones([3, 0])).shape, [2, 0])
    }

    func testNonFiniteValuesPropagate() throws {
        let a = try Tensor(rows: [[1, .infinity], [0, 1]])
        let c = try a.matmul(Tensor(rows: [[1, 0], [1, 1]]))
        XCTAssertEqual(c.scalars[0], .infinity)
        XCTAssertTrue(try Tensor(rows: [[.nan, 1]]).matmul(Tensor([1, 1])).scalars[0].isNaN)
    }

    func testShapeErrorsNameBothShapes() {
        assertLinearAlgebraError(try Tensor(rows: [[1, 2], [3, 4]]).matmul(Tensor([1, 2, 3])),
                                 kind: .shapeMismatch, mentions: "shapes (2, 2) and (3,) cannot be multiplied: inner sizes 2 and 3 differ")
        assertLinearAlgebraError(try Tensor(1).matmul(Tensor([1])), kind: .shapeMismatch, mentions: "expects vectors or matrices, got shapes () and (1,)")
    }

    func testGemmTransposeFlagsAlphaAndBeta() throws {
        let (m, n, k) = (9, 7, 13)
        let a = try Check.random(m, k, seed: 5).scalars, b = try Check.random(k, n, seed: 6).scalars
        let c0 = try Check.random(m, n, seed: 7).scalars
        let ab = Check.naiveProduct(a, b, m: m, k: k, n: n)
        let expected = zip(ab, c0).map { 2 * $0 - 0.5 * $1 }
        let at = Check.transpose(a, rows: m, columns: k), bt = Check.transpose(b, rows: k, columns: n)
        for (ta, tb) in [(false, false), (true, false), (false, true), (true, true)] {
            var c = c0
            try (ta ? at : a).withUnsafeBufferPointer { pa in
                try (tb ? bt : b).withUnsafeBufferPointer { pb in
                    try c.withUnsafeMutableBufferPointer { pc in
                        try Tensor.gemm(transposeA: ta, transposeB: tb, m: m, n: n, k: k, alpha: 2,
                                        a: pa, lda: ta ? m : k, b: pb, ldb: tb ? k : n, beta: -0.5, c: pc, ldc: n)
                    }
                }
            }
            XCTAssertLessThan(Check.maxDifference(c, expected), 1e-12, "transposeA \(ta) transposeB \(tb)")
        }
    }

    func testGemmWithBetaZeroIgnoresGarbageInC() throws {
        let a = [1.0, 2, 3, 4], b = [1.0, 0, 0, 1]
        var c = [Double.nan, .nan, .nan, .nan]
        try a.withUnsafeBufferPointer { pa in
            try b.withUnsafeBufferPointer { pb in
                try c.withUnsafeMutableBufferPointer { pc in
                    try Tensor.gemm(m: 2, n: 2, k: 2, a: pa, lda: 2, b: pb, ldb: 2, c: pc, ldc: 2)
                }
            }
        }
        XCTAssertEqual(c, a)
    }

    func testGemmRejectsShortBuffersAndBadLeadingDimensions() throws {
        let a = [Double](repeating: 1, count: 5)
        var c = [Double](repeating: 0, count: 4)
        try a.withUnsafeBufferPointer { pa in
            try c.withUnsafeMutableBufferPointer { pc in
                assertLinearAlgebraError(try Tensor.gemm(m: 2, n: 2, k: 3, a: pa, lda: 3, b: pa, ldb: 2, c: pc, ldc: 2),
                                         kind: .invalidArgument, mentions: "buffer a holds 5 values")
                assertLinearAlgebraError(try Tensor.gemm(m: 2, n: 2, k: 2, a: pa, lda: 1, b: pa, ldb: 2, c: pc, ldc: 2),
                                         kind: .invalidArgument, mentions: "leading dimension of a is 1")
                assertLinearAlgebraError(try Tensor.gemm(m: -1, n: 2, k: 2, a: pa, lda: 2, b: pa, ldb: 2, c: pc, ldc: 2),
                                         kind: .invalidArgument, mentions: "non-negative")
                assertLinearAlgebraError(try Tensor.gemv(m: 2, n: 3, a: pa, lda: 3, x: pa, y: pc),
                                         kind: .invalidArgument, mentions: "buffer a holds 5 values")
            }
        }
    }

    func testGemvWithTransposeAlphaBetaAndRowStride() throws {
        // A is the 3×2 block of a 3×4 buffer (lda = 4).
        let buffer: [Double] = [1, 2, 99, 99, 3, 4, 99, 99, 5, 6, 99, 99]
        let x: [Double] = [1, -1, 2]
        var y: [Double] = [10, 20]
        try buffer.withUnsafeBufferPointer { pa in
            try x.withUnsafeBufferPointer { px in
                try y.withUnsafeMutableBufferPointer { py in
                    try Tensor.gemv(transpose: true, m: 3, n: 2, alpha: 2, a: pa, lda: 4, x: px, beta: 1, y: py)
                }
            }
        }
        // Aᵀx = [1 − 3 + 10, 2 − 4 + 12] = [8, 10]
        XCTAssertEqual(y, [26, 40])
        var z: [Double] = [0, 0, 0]
        try buffer.withUnsafeBufferPointer { pa in
            try [1.0, 1].withUnsafeBufferPointer { px in
                try z.withUnsafeMutableBufferPointer { pz in
                    try Tensor.gemv(m: 3, n: 2, a: pa, lda: 4, x: px, y: pz)
                }
            }
        }
        XCTAssertEqual(z, [3, 7, 11])
    }
}
