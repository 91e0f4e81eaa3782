import XCTest
import TensorCore

/// Householder QR: Q has orthonormal columns, R is upper triangular with a
/// non-negative diagonal, and Q·R reproduces A.
final class QRTests: XCTestCase {
    typealias Check = LinearAlgebraChecks

    func testTwoByTwoByHand() throws {
        // Gram–Schmidt on the columns (3, 4) and (1, 2): q₀ = (0.6, 0.8), r₀₁ = 2.2,
        // residual (−0.32, 0.24) of length 0.4, so q₁ = (−0.8, 0.6).
        let (q, r) = try Tensor(rows: [[3, 1], [4, 2]]).qr()
        XCTAssertLessThan(Check.maxDifference(q.scalars, [0.6, -0.8, 0.8, 0.6]), 1e-15)
        XCTAssertLessThan(Check.maxDifference(r.scalars, [5, 2.2, 0, 0.4]), 1e-15)
    }

    func testFactorsOfTallSquareAndWideMatrices() throws {
        for (index, (m, n)) in [(7, 4), (1, 1), (5, 5), (40, 40), (65, 3), (3, 5), (1, 4), (4, 1)].enumerated() {
            let a = try Check.random(m, n, seed: UInt64(300 + index))
            let (q, r) = try a.qr()
            let k = min(m, n)
            XCTAssertEqual(q.shape, [m, k])
            XCTAssertEqual(r.shape, [k, n])
            XCTAssertLessThan(Check.orthonormalityError(q), 1e-13, "\(m)×\(n)")
            for i in 0..<k {
                XCTAssertGreaterThanOrEqual(r.scalars[i * n + i], 0, "diagonal of R, \(m)×\(n)")
                for j in 0..<min(i, n) { XCTAssertEqual(r.scalars[i * n + j], 0, "below the diagonal of R, \(m)×\(n)") }
            }
            let qr = Check.naiveProduct(q.scalars, r.scalars, m: m, k: k, n: n)
            XCTAssertLessThan(Check.maxDifference(qr, a.scalars), 1e-13, "Q·R = A, \(m)×\(n)")
        }
    }

    func testRankDeficientMatrixStillFactorises() throws {
        // The middle column is zero and the last is twice the first.
        let a = try Tensor(rows: [[1, 0, 2], [2, 0, 4], [2, 0, 4], [0, 0, 0]])
        let (q, r) = try a.qr()
        XCTAssertLessThan(Check.orthonormalityError(q), 1e-14)
        XCTAssertLessThan(Check.maxDifference(Check.naiveProduct(q.scalars, r.scalars, m: 4, k: 3, n: 3), a.scalars), 1e-14)
        XCTAssertEqual(r.scalars[0], 3, accuracy: 1e-15)   // ‖(1, 2, 2, 0)‖
        XCTAssertEqual(r.scalars[2], 6, accuracy: 1e-14)
        XCTAssertEqual(r.scalars[4], 0, accuracy: 1e-15)
        XCTAssertEqual(r.scalars[8], 0, accuracy: 1e-14)
    }

    func testRejectsNonMatricesEmptyAndNonFinite() {
        assertLinearAlgebraError(try Tensor([1, 2]).qr(), kind: .shapeMismatch, mentions: "qr: expects a matrix (rank 2), got shape (2,)")
        assertLinearAlgebraError(try Tensor.zeros([0, 3]).qr(), kind: .invalidArgument, mentions: "non-empty matrix, got shape (0, 3)")
        assertLinearAlgebraError(try Tensor(rows: [[1, .nan]]).qr(), kind: .invalidArgument, mentions: "nan or infinity")
    }
}
