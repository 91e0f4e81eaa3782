import XCTest
import TensorCore

/// One-sided Jacobi SVD: A = U·diag(S)·Vᵀ with orthonormal U, V and sorted,
/// non-negative S, checked against hand-derived values and numpy.
final class SVDTests: XCTestCase {
    typealias Check = LinearAlgebraChecks

    func testRandom200MatchesNumpyToTwelveDigits() throws {
        var g = RandomGenerator(seed: SVDFixture.seed)
        let n = SVDFixture.size
        let a = try Tensor.rand([n, n], low: -1, high: 1, using: &g)
        // The fixture was computed from the very same matrix.
        XCTAssertEqual(a.scalars.first, SVDFixture.firstEntry)
        XCTAssertEqual(a.scalars.last, SVDFixture.lastEntry)
        let s = try a.singularValues().scalars
        XCTAssertEqual(s.count, n)
        for (index, (mine, numpy)) in zip(s, SVDFixture.singularValues).enumerated() {
            XCTAssertEqual(mine, numpy, accuracy: 1e-12 * numpy, "σ\(index)")
        }
    }

    func testHandComputedTwoByTwo() throws {
        // AᵀA = [[25, 20], [20, 25]] has eigenvalues 45 and 5, with eigenvectors (1, 1)/√2 and (1, −1)/√2.
        let a = try Tensor(rows: [[3, 0], [4, 5]])
        let (u, s, v) = try a.svd()
        XCTAssertEqual(s.scalars[0], 45.0.squareRoot(), accuracy: 1e-14)
        XCTAssertEqual(s.scalars[1], 5.0.squareRoot(), accuracy: 1e-14)
        let h = 0.5.squareRoot()
        XCTAssertEqual(abs(v.scalars[0]), h, accuracy: 1e-15)
        XCTAssertEqual(v.scalars[0], v.scalars[2], accuracy: 1e-15)   // first right vector ∝ (1, 1)
        XCTAssertEqual(v.scalars[1], -v.scalars[3], accuracy: 1e-15)  // second ∝ (1, −1)
        XCTAssertLessThan(Check.maxDifference(Check.reconstruct(u: u, s: s, v: v), a.scalars), 1e-14)
    }

    func testDiagonalWithNegativeEntriesGivesAbsoluteValuesSorted() throws {
        let a = try Tensor(rows: [[-2, 0, 0], [0, 0.5, 0], [0, 0, 3]])
        XCTAssertEqual(try a.singularValues().scalars, [3, 2, 0.5])
    }

    func testFactorsOfTallSquareAndWideMatrices() throws {
        for (index, (m, n)) in [(9, 4), (4, 9), (30, 30), (1, 6), (6, 1), (1, 1), (50, 17)].enumerated() {
            let a = try Check.random(m, n, seed: UInt64(500 + index))
            let (u, s, v) = try a.svd()
            let k = min(m, n)
            XCTAssertEqual(u.shape, [m, k])
            XCTAssertEqual(s.shape, [k])
            XCTAssertEqual(v.shape, [n, k])
            XCTAssertLessThan(Check.orthonormalityError(u), 1e-13, "UᵀU = I for \(m)×\(n)")
            XCTAssertLessThan(Check.orthonormalityError(v), 1e-13, "VᵀV = I for \(m)×\(n)")
            XCTAssertEqual(s.scalars, s.scalars.sorted(by: >))
            XCTAssertTrue(s.scalars.allSatisfy { $0 >= 0 })
            XCTAssertLessThan(Check.maxDifference(Check.reconstruct(u: u, s: s, v: v), a.scalars), 1e-13, "U·S·Vᵀ = A for \(m)×\(n)")
            XCTAssertLessThan(Check.maxDifference(try a.singularValues().scalars, s.scalars), 1e-14)
        }
    }

    func testRankDeficientMatrixHasZeroSingularValuesAndOrthonormalU() throws {
        // Rank one: every row is a multiple of (1, 2); ‖A‖_F = √(5 · 5) = 5.
        let a = try Tensor(rows: [[1, 2], [2, 4]])
        let (u, s, v) = try a.svd()
        XCTAssertEqual(s.scalars[0], 5, accuracy: 1e-14)
        XCTAssertEqual(s.scalars[1], 0, accuracy: 1e-14)
        XCTAssertLessThan(Check.orthonormalityError(u), 1e-14)
        XCTAssertLessThan(Check.orthonormalityError(v), 1e-14)
        XCTAssertLessThan(Check.maxDifference(Check.reconstruct(u: u, s: s, v: v), a.scalars), 1e-14)

        let zero = try Tensor.zeros([3, 2]).svd()
        XCTAssertEqual(zero.s.scalars, [0, 0])
        XCTAssertLessThan(Check.orthonormalityError(zero.u), 1e-15)
        XCTAssertLessThan(Check.orthonormalityError(zero.v), 1e-15)
    }

    func testTinyAndHugeEntriesNeitherOverflowNorUnderflow() throws {
        let big = try Tensor(rows: [[3e200, 0], [4e200, 5e200]]).singularValues().scalars
        XCTAssertEqual(big[0] / 1e200, 45.0.squareRoot(), accuracy: 1e-13)
        let small = try Tensor(rows: [[3e-200, 0], [4e-200, 5e-200]]).singularValues().scalars
        XCTAssertEqual(small[1] / 1e-200, 5.0.squareRoot(), accuracy: 1e-13)
    }

    func testSpectralNorm() throws {
        XCTAssertEqual(try Tensor([3, 4]).spectralNorm().scalarValue, 5)
        XCTAssertEqual(try Tensor(rows: [[3, 0], [4, 5]]).spectralNorm().scalarValue ?? 0, 45.0.squareRoot(), accuracy: 1e-14)
        XCTAssertEqual(try Tensor.identity(4).spectralNorm().scalarValue ?? 0, 1, accuracy: 1e-15)
        XCTAssertEqual(try Tensor.zeros([3]).spectralNorm().scalarValue, 0)
        XCTAssertEqual(try Tensor([3e300, 4e300]).spectralNorm().scalarValue ?? 0, 5e300, accuracy: 1e286)
        XCTAssertTrue(try Tensor([0, .nan]).spectralNorm().scalars[0].isNaN)
        assertLinearAlgebraError(try Tensor(rows: [[1, .nan]]).spectralNorm(), kind: .invalidArgument, mentions: "spectralNorm")
        assertLinearAlgebraError(try Tensor(2).spectralNorm(), kind: .shapeMismatch, mentions: "got shape ()")
    }

    func testErrorsNameTheShapeOrTheProblem() {
        assertLinearAlgebraError(try Tensor([1, 2, 3]).svd(), kind: .shapeMismatch, mentions: "svd: expects a matrix (rank 2), got shape (3,)")
        assertLinearAlgebraError(try Tensor.zeros([0, 0]).svd(), kind: .invalidArgument, mentions: "got shape (0, 0)")
        assertLinearAlgebraError(try Tensor.zeros([2, 0]).singularValues(), kind: .invalidArgument, mentions: "got shape (2, 0)")
        assertLinearAlgebraError(try Tensor(rows: [[1, .infinity]]).svd(), kind: .invalidArgument, mentions: "nan or infinity")
        assertLinearAlgebraError(try Tensor(rows: [[.nan]]).singularValues(), kind: .invalidArgument, mentions: "nan or infinity")
    }
}
