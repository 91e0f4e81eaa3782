import Autodiff
import TensorCore
import XCTest

/// Asserts that autodiff and central differences agree for every input of `f`
/// at `inputs`, to a relative error below `tolerance` (see ``GradientChecker``).
public func assertGradientsMatch(
    _ f: ([Variable]) throws -> Variable,
    at inputs: [Tensor],
    eps: Double = 1e-6,
    tolerance: Double = 1e-7,
    _ message: @autoclosure () -> String = "",
    file: StaticString = #filePath,
    line: UInt = #line
) {
    do {
        let analytic = try GradientChecker.analyticGradients(f: f, at: inputs)
        let numeric = try GradientChecker.numericGradients(f: f, at: inputs, eps: eps)
        for k in inputs.indices {
            let error = GradientChecker.relativeError(analytic[k], numeric[k])
            if error < tolerance { continue }
            // Name the element that disagrees most, with both values.
            let worst = zip(analytic[k].scalars, numeric[k].scalars).enumerated()
                .max { Swift.abs($0.element.0 - $0.element.1) < Swift.abs($1.element.0 - $1.element.1) }
            let detail = worst.map { "; worst at flat index \($0.offset): autodiff \($0.element.0), finite differences \($0.element.1)" } ?? ""
            XCTFail("input \(k) of shape \(describeShape(inputs[k].shape)): relative error \(error) is not below \(tolerance)\(detail). \(message())",
                    file: file, line: line)
        }
    } catch {
        XCTFail("gradient check threw \(error). \(message())", file: file, line: line)
    }
}

/// Asserts two tensors have the same shape and agree elementwise within
/// `tolerance`, measured relative to max(1, |actual|, |expected|).
public func assertTensorsClose(
    _ actual: Tensor, _ expected: Tensor, tolerance: Double = 1e-12,
    _ message: @autoclosure () -> String = "",
    file: StaticString = #filePath, line: UInt = #line
) {
    guard actual.shape == expected.shape else {
        XCTFail("shape \(describeShape(actual.shape)) differs from expected \(describeShape(expected.shape)). \(message())", file: file, line: line)
        return
    }
    for (i, (a, b)) in zip(actual.scalars, expected.scalars).enumerated() {
        let scale = Swift.max(1, Swift.abs(a), Swift.abs(b))
        if !(Swift.abs(a - b) <= tolerance * scale) {
            XCTFail("element \(i): \(a) differs from expected \(b) by more than \(tolerance). \(message())", file: file, line: line)
            return
        }
    }
}
