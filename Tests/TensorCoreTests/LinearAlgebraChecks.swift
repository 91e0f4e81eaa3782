import XCTest
import TensorCore

/// Independent reference computations and measures used by the linear algebra tests.
enum LinearAlgebraChecks {
    /// The textbook triple loop, (A·B)ᵢⱼ = Σₚ AᵢₚBₚⱼ, on row-major arrays.
    static func naiveProduct(_ a: [Double], _ b: [Double], m: Int, k: Int, n: Int) -> [Double] {
        var c = [Double](repeating: 0, count: m * n)
        for i in 0..<m {
            for j in 0..<n {
                var s = 0.0
                for p in 0..<k { s += a[i * k + p] * b[p * n + j] }
                c[i * n + j] = s
            }
        }
        return c
    }

    /// The transpose of a row-major rows×columns array.
    static func transpose(_ a: [Double], rows: Int, columns: Int) -> [Double] {
        var t = [Double](repeating: 0, count: a.count)
        for i in 0..<rows { for j in 0..<columns { t[j * rows + i] = a[i * columns + j] } }
        return t
    }

    /// max |xᵢ − yᵢ| (infinity when the counts differ).
    static func maxDifference(_ x: [Double], _ y: [Double]) -> Double {
        guard x.count == y.count else { return .infinity }
        return zip(x, y).reduce(0) { Swift.max($0, Swift.abs($1.0 - $1.1)) }
    }

    /// max |(QᵀQ − I)ᵢⱼ| for a matrix Q: zero exactly when its columns are orthonormal.
    static func orthonormalityError(_ q: Tensor) -> Double {
        let (m, n) = (q.shape[0], q.shape[1])
        let t = transpose(q.scalars, rows: m, columns: n)
        let gram = naiveProduct(t, q.scalars, m: n, k: m, n: n)
        var worst = 0.0
        for i in 0..<n { for j in 0..<n { worst = Swift.max(worst, Swift.abs(gram[i * n + j] - (i == j ? 1 : 0))) } }
        return worst
    }

    /// U·diag(s)·Vᵀ with the naive product.
    static func reconstruct(u: Tensor, s: Tensor, v: Tensor) -> [Double] {
        let (m, k, n) = (u.shape[0], s.count, v.shape[0])
        var us = u.scalars
        for i in 0..<m { for j in 0..<k { us[i * k + j] *= s.scalars[j] } }
        return naiveProduct(us, transpose(v.scalars, rows: n, columns: k), m: m, k: k, n: n)
    }

    /// A matrix of uniform values in [−1, 1) from a fixed seed.
    static func random(_ rows: Int, _ columns: Int, seed: UInt64) throws -> Tensor {
        var g = RandomGenerator(seed: seed)
        return try Tensor.rand([rows, columns], low: -1, high: 1, using: &g)
    }

    /// The largest absolute entry, the scale for absolute tolerances.
    static func largest(_ a: Tensor) -> Double { a.scalars.reduce(0) { Swift.max($0, Swift.abs($1)) } }
}

/// Asserts that `body` throws a `TensorError` of `kind` whose message contains `fragment`.
func assertLinearAlgebraError<T>(_ body: @autoclosure () throws -> T, kind: TensorError.Kind, mentions fragment: String,
                                 file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertThrowsError(try body(), file: file, line: line) { error in
        guard let error = error as? TensorError else { return XCTFail("not a TensorError: \(error)", file: file, line: line) }
        XCTAssertEqual(error.kind, kind, file: file, line: line)
        XCTAssertTrue(error.description.contains(fragment), "\"\(error)\" does not mention \"\(fragment)\"", file: file, line: line)
    }
}
