import Foundation
import NativeKernels
import TensorCore
import XCTest

/// The four-lane tanh and exp against glibc's scalar functions (an independent
/// implementation), over the whole range and at the special values.
final class VectorMathTests: XCTestCase {
    /// Distance in units in the last place between two finite doubles.
    private func ulps(_ a: Double, _ b: Double) -> UInt64 {
        func ordered(_ x: Double) -> Int64 {
            let bits = Int64(bitPattern: x.bitPattern)
            return bits < 0 ? Int64.min - bits : bits
        }
        let (d, overflow) = ordered(a).subtractingReportingOverflow(ordered(b))
        return overflow ? .max : d.magnitude
    }

    /// Arguments spread over [−limit, limit]: uniform ones and ones whose
    /// magnitudes are spread log-uniformly from 10⁻³⁰⁰ up, both signs.
    private func samples(limit: Double, count: Int) -> [Double] {
        var g = RandomGenerator(seed: 7)
        return (0..<count).map { i in
            let u = g.nextUniform()
            if i % 2 == 0 { return (2 * u - 1) * limit }
            let magnitude = Foundation.pow(10, -300 + u * (300 + Foundation.log10(limit)))
            return i % 4 == 1 ? magnitude : -magnitude
        }
    }

    private func lanes(_ xs: [Double], _ f: (Vector4) -> Vector4) -> [Double] {
        var out: [Double] = []
        var i = 0
        while i < xs.count {
            var v = Vector4()
            for l in 0..<4 where i + l < xs.count { v[l] = xs[i + l] }
            let r = f(v)
            for l in 0..<4 where i + l < xs.count { out.append(r[l]) }
            i += 4
        }
        return out
    }

    /// The largest distance in ulps between the vector function and libm's over `xs`, and where.
    private func worstUlps(_ xs: [Double], _ vector: (Vector4) -> Vector4, _ scalar: (Double) -> Double) -> (UInt64, Double) {
        var worst: UInt64 = 0, worstAt = 0.0
        for (x, y) in zip(xs, lanes(xs, vector)) {
            let d = ulps(y, scalar(x))
            if d > worst { worst = d; worstAt = x }
        }
        return (worst, worstAt)
    }

    func testTanhIsWithinThreeUlpsOfLibmEverywhere() {
        let xs = samples(limit: 30, count: 200_000) + [0.5, 1, 21.99, 22, 22.000001, .leastNonzeroMagnitude, -.leastNonzeroMagnitude, 2.2e-308]
        let (worst, worstAt) = worstUlps(xs, tanh4, Foundation.tanh)
        XCTAssertLessThanOrEqual(worst, 3, "worst at x = \(worstAt)")
        // tanh(1/2) = (e − 1)/(e + 1), worked out independently.
        let e = Foundation.exp(1.0)
        XCTAssertEqual(tanh4(Vector4(repeating: 0.5))[0], (e - 1) / (e + 1), accuracy: 2e-16)
    }

    func testTanhSpecialValues() {
        let r = tanh4(Vector4(-0.0, .infinity, -.infinity, .nan))
        XCTAssertEqual(r[0], 0)
        XCTAssertEqual(r[0].sign, .minus, "tanh(−0) = −0")
        XCTAssertEqual(r[1], 1)
        XCTAssertEqual(r[2], -1)
        XCTAssertTrue(r[3].isNaN)
        XCTAssertEqual(tanh4(Vector4(1e3, -1e3, 23, -23)), Vector4(1, -1, 1, -1))
    }

    func testExpIsWithinTwoUlpsOfLibmEverywhere() {
        var g = RandomGenerator(seed: 8)
        let xs = (0..<200_000).map { _ in -760 + g.nextUniform() * 1470 } + [-708, -707.9, 709, 0, 1e-300, -1e-300, 1]
        let (worst, worstAt) = worstUlps(xs, exp4, Foundation.exp)
        XCTAssertLessThanOrEqual(worst, 2, "worst at x = \(worstAt)")
        XCTAssertEqual(exp4(Vector4(0, 1, -.infinity, 710)), Vector4(1, Foundation.exp(1.0), 0, .infinity))
        XCTAssertTrue(exp4(Vector4(repeating: .nan))[0].isNaN)
    }

    func testBufferLoopsTreatEveryPositionAlike() {
        for count in 0...9 {
            let xs = (0..<count).map { Double($0) * 0.37 - 1.2 }
            var t = xs, e = xs
            t.withUnsafeMutableBufferPointer { if let base = $0.baseAddress { tanhInPlace(base, count: count) } }
            let total = e.withUnsafeMutableBufferPointer { $0.baseAddress.map { shiftedExpInPlace($0, count: count, shift: 0.5) } ?? 0 }
            XCTAssertEqual(t, lanes(xs, tanh4), "tanh, count \(count)")
            XCTAssertEqual(e, lanes(xs) { exp4($0 - Vector4(repeating: 0.5)) }, "exp, count \(count)")
            XCTAssertEqual(total, e.reduce(0, +))
            for (x, y) in zip(xs, e) { XCTAssertEqual(y, Foundation.exp(x - 0.5), accuracy: 4e-16 * y) }
        }
    }
}
