import XCTest
import TensorCore

/// Haar-random orthogonal matrices and matrices with prescribed singular values.
final class OrthogonalTests: XCTestCase {
    typealias Check = LinearAlgebraChecks

    func testOrthogonalIsOrthogonalAndSeeded() throws {
        var g = RandomGenerator(seed: 7)
        let q = try Tensor.orthogonal(33, using: &g)
        XCTAssertEqual(q.shape, [33, 33])
        XCTAssertLessThan(Check.orthonormalityError(q), 1e-13)
        XCTAssertLessThan(Check.orthonormalityError(try q.transposed()), 1e-13)
        var again = RandomGenerator(seed: 7)
        XCTAssertEqual(try Tensor.orthogonal(33, using: &again), q)
        XCTAssertEqual(try Tensor.orthogonal(1, using: &g).scalars.map(abs), [1])   // ±1, each with probability ½
        assertLinearAlgebraError(try Tensor.orthogonal(0, using: &g), kind: .invalidArgument, mentions: "at least 1")
    }

    func testOrthogonalEntriesHaveHaarMoments() throws {
        // Under the Haar measure on O(3) each entry has mean 0 and mean square 1/3 and
        // the determinant is ±1 with equal probability. Without the sign correction,
        // the first column would lean towards one sign.
        var g = RandomGenerator(seed: 11)
        let draws = 3000
        var sum = 0.0, sumSquares = 0.0, positiveDeterminants = 0
        for _ in 0..<draws {
            let q = try Tensor.orthogonal(3, using: &g).scalars
            sum += q[0]
            sumSquares += q[0] * q[0]
            let det = q[0] * (q[4] * q[8] - q[5] * q[7]) - q[1] * (q[3] * q[8] - q[5] * q[6]) + q[2] * (q[3] * q[7] - q[4] * q[6])
            XCTAssertEqual(abs(det), 1, accuracy: 1e-12)
            if det > 0 { positiveDeterminants += 1 }
        }
        // Standard errors: √(1/3 / 3000) ≈ 0.011 for the mean; the mean square has variance 4/135 / 3000.
        XCTAssertEqual(sum / Double(draws), 0, accuracy: 0.045)
        XCTAssertEqual(sumSquares / Double(draws), 1.0 / 3, accuracy: 0.013)
        XCTAssertEqual(Double(positiveDeterminants) / Double(draws), 0.5, accuracy: 0.04)
    }

    func testPowersOfScaledOrthogonalHaveSpectralNormSigmaToTheK() throws {
        var g = RandomGenerator(seed: 3)
        let sigma = 1.1
        let w = try Tensor.orthogonal(40, using: &g) * Tensor(sigma)
        var power = w
        for k in 2...8 {
            power = try power.matmul(w)
            let norm = try power.spectralNorm().scalarValue ?? .nan
            XCTAssertEqual(norm, pow(sigma, Double(k)), accuracy: 1e-12 * pow(sigma, Double(k)), "k = \(k)")
        }
    }

    func testWithSingularValuesRoundTrips() throws {
        var g = RandomGenerator(seed: 5)
        let w = try Tensor.withSingularValues([3, 2, 1], using: &g)
        XCTAssertEqual(w.shape, [3, 3])
        XCTAssertLessThan(Check.maxDifference(try w.singularValues().scalars, [3, 2, 1]), 1e-12)
        let unsorted = try Tensor.withSingularValues(Tensor([0.5, 4, 2, 0]), using: &g)
        XCTAssertLessThan(Check.maxDifference(try unsorted.singularValues().scalars, [4, 2, 0.5, 0]), 1e-12)
        let tall = try Tensor.withSingularValues([5, 1e-3, 0.25], rows: 6, columns: 3, using: &g)
        XCTAssertEqual(tall.shape, [6, 3])
        XCTAssertLessThan(Check.maxDifference(try tall.singularValues().scalars, [5, 0.25, 1e-3]), 1e-12)
        let wide = try Tensor.withSingularValues([2, 1], rows: 2, columns: 5, using: &g)
        XCTAssertEqual(wide.shape, [2, 5])
        XCTAssertLessThan(Check.maxDifference(try wide.singularValues().scalars, [2, 1]), 1e-12)
        XCTAssertEqual(try wide.spectralNorm().scalarValue ?? 0, 2, accuracy: 1e-12)
    }

    func testWithSingularValuesLargeSpectrum() throws {
        var g = RandomGenerator(seed: 9)
        let s = (0..<60).map { 0.9 + 0.01 * Double($0) }
        let w = try Tensor.withSingularValues(s, using: &g)
        let found = try w.singularValues().scalars
        for (x, y) in zip(found, s.sorted(by: >)) { XCTAssertEqual(x, y, accuracy: 1e-12 * y) }
    }

    func testWithSingularValuesRejectsBadInput() {
        var g = RandomGenerator(seed: 1)
        assertLinearAlgebraError(try Tensor.withSingularValues([2, -1], using: &g), kind: .invalidArgument, mentions: "non-negative, got -1.0")
        assertLinearAlgebraError(try Tensor.withSingularValues([.nan], using: &g), kind: .invalidArgument, mentions: "finite")
        assertLinearAlgebraError(try Tensor.withSingularValues([], using: &g), kind: .invalidArgument, mentions: "at least one")
        assertLinearAlgebraError(try Tensor.withSingularValues([1, 2], rows: 3, columns: 3, using: &g), kind: .shapeMismatch,
                                 mentions: "a 3×3 matrix has 3 singular values, but 2 were given")
        assertLinearAlgebraError(try Tensor.withSingularValues(Tensor.zeros([2, 2]), using: &g), kind: .shapeMismatch, mentions: "got shape (2, 2)")
    }
}
