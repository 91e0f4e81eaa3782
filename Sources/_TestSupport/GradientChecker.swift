import Autodiff
import TensorCore

/// Compares autodiff gradients with central finite differences.
///
/// For a function f of several tensors, each input element xᵢ is nudged by
/// ±eps and the slope is estimated as
///
///     numeric_i = (L(x + eps·eᵢ) − L(x − eps·eᵢ)) / (2·eps)
///
/// where L is f itself when it returns one element, and otherwise the fixed
/// projection `L = Σₖ wₖ·f(x)ₖ` with pseudo-random weights wₖ ∈ [0.5, 1.5)
/// drawn from a seeded generator (so every output element is checked, and
/// errors cannot cancel between them). The analytic gradient of the same L
/// comes from `grads(_:wrt:)`. For each input the checker reports
///
///     relative error = max_i |aᵢ − nᵢ| / max(1e-8, max_i (|aᵢ| + |nᵢ|))
///
/// i.e. the largest absolute difference over the input's elements divided by
/// the largest combined magnitude (floored at 1e-8 so all-zero gradients do
/// not divide by zero). The truncation error of central differences is
/// O(eps²·f‴), and rounding contributes about 1e-16·|L|/eps.
public enum GradientChecker {
    /// The largest relative error for each input (see the type's documentation for the formula).
    ///
    /// - Parameters:
    ///   - f: the function under test, building its result from leaf variables it is given.
    ///   - inputs: the point at which to compare gradients.
    ///   - eps: the finite-difference step.
    public static func check(f: ([Variable]) throws -> Variable, at inputs: [Tensor], eps: Double = 1e-6) throws -> [Double] {
        let analytic = try analyticGradients(f: f, at: inputs)
        let numeric = try numericGradients(f: f, at: inputs, eps: eps)
        return zip(analytic, numeric).map { relativeError($0, $1) }
    }

    /// `max|a − b| / max(1e-8, max(|a| + |b|))` over corresponding elements (NaN if any difference is NaN).
    public static func relativeError(_ a: Tensor, _ b: Tensor) -> Double {
        var difference = 0.0, magnitude = 0.0
        for (x, y) in zip(a.scalars, b.scalars) {
            let d = Swift.abs(x - y)
            if d.isNaN { return .nan }
            difference = Swift.max(difference, d)
            magnitude = Swift.max(magnitude, Swift.abs(x) + Swift.abs(y))
        }
        return difference / Swift.max(1e-8, magnitude)
    }

    /// The gradient of the scalar objective L (see above) from the autodiff engine.
    public static func analyticGradients(f: ([Variable]) throws -> Variable, at inputs: [Tensor]) throws -> [Tensor] {
        let leaves = inputs.map(Variable.init)
        let objective = try project(f(leaves))
        return try grads(objective, wrt: leaves).map(\.value)
    }

    /// The central-difference estimate of the gradient of L for each input.
    public static func numericGradients(f: ([Variable]) throws -> Variable, at inputs: [Tensor], eps: Double) throws -> [Tensor] {
        try centralDifferences({ point in try project(f(point.map(Variable.init))).value.scalars[0] }, at: inputs, eps: eps)
    }

    /// Central differences of a scalar function of several tensors:
    /// `(f(x + eps·eᵢ) − f(x − eps·eᵢ)) / 2eps` for every element of every input.
    public static func centralDifferences(_ f: ([Tensor]) throws -> Double, at inputs: [Tensor], eps: Double = 1e-6) throws -> [Tensor] {
        var result: [Tensor] = []
        for (k, input) in inputs.enumerated() {
            var slopes = [Double](repeating: 0, count: input.count)
            for i in 0..<input.count {
                var plus = inputs, minus = inputs
                var up = input.scalars, down = input.scalars
                up[i] += eps
                down[i] -= eps
                plus[k] = try Tensor(shape: input.shape, scalars: up)
                minus[k] = try Tensor(shape: input.shape, scalars: down)
                slopes[i] = (try f(plus) - f(minus)) / (2 * eps)
            }
            result.append(try Tensor(shape: input.shape, scalars: slopes))
        }
        return result
    }

    /// `y` itself if it has one element, else `Σ w ⊙ y` with fixed weights in [0.5, 1.5).
    static func project(_ y: Variable) throws -> Variable {
        if y.value.count == 1 { return y }
        var generator = RandomGenerator(seed: 0x5EED)
        let weights = try Tensor.rand(y.shape, low: 0.5, high: 1.5, using: &generator)
        return try (y * Variable(weights)).sum()
    }
}
