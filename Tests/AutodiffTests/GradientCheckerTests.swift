import Autodiff
import TensorCore
import XCTest
import _TestSupport

/// The checker itself: its error formula, and that it catches a wrong gradient.
final class GradientCheckerTests: XCTestCase {
    func testRelativeErrorFormula() {
        // max|a − b| = 0.5, max(|a| + |b|) = 4 + 3.5 = 7.5.
        XCTAssertEqual(GradientChecker.relativeError(Tensor([1, 4]), Tensor([1, 3.5])), 0.5 / 7.5, accuracy: 1e-16)
        // All zeros: the denominator is floored at 1e-8.
        XCTAssertEqual(GradientChecker.relativeError(Tensor([0, 0]), Tensor([0, 0])), 0)
        XCTAssertEqual(GradientChecker.relativeError(Tensor([0]), Tensor([1e-10])), 1e-10 / 1e-8, accuracy: 1e-12)
        XCTAssert(GradientChecker.relativeError(Tensor([.nan]), Tensor([0])).isNaN)
    }

    func testNumericGradientOfAKnownFunction() throws {
        // f(x) = Σ x³  ⇒  ∇f = 3x².
        let g = try GradientChecker.numericGradients(f: { try $0[0].pow(3).sum() }, at: [Tensor([1, -2])], eps: 1e-5)
        XCTAssertEqual(g[0].scalars[0], 3, accuracy: 1e-8)
        XCTAssertEqual(g[0].scalars[1], 12, accuracy: 1e-8)
    }

    func testCatchesAWrongGradient() throws {
        // x · stop(x) has autodiff gradient x, but the function's true slope is 2x.
        let errors = try GradientChecker.check(f: { try ($0[0] * $0[0].detach()).sum() }, at: [Tensor([1, 2, 3])])
        XCTAssertGreaterThan(errors[0], 0.3)
    }

    func testNonScalarOutputsAreProjectedSoEveryElementCounts() throws {
        // f(x) = (2x, 2·stop(x)): the true slopes are (2, 2), autodiff sees (2, 0).
        // The second element must be checked too, not only a plain sum of outputs.
        let f: ([Variable]) throws -> Variable = { v in
            let x = v[0]
            let y0 = try x * 2
            let y1 = try x.detach() * 2
            return try Variable.concat([y0, y1])
        }
        let errors = try GradientChecker.check(f: f, at: [Tensor([0.7])])
        XCTAssertGreaterThan(errors[0], 0.1)
    }
}
