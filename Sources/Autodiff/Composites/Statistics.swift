import TensorCore

/// Means and norms, built from primitives (no derivative code here).
extension Variable {
    /// `mean x = (Σ x) / n` over all n elements (NaN for an empty tensor).
    public func mean() throws -> Variable {
        try sum() / Variable(Tensor(Double(value.count)))
    }

    /// The mean along `axis`: `(Σₖ x[…, k, …]) / n` with n the axis size.
    public func mean(axis: Int, keepDims: Bool = false) throws -> Variable {
        let resolved = try Shape.normalizeAxis(axis, rank: value.rank, operation: "mean")
        return try sum(axis: resolved, keepDims: keepDims) / Variable(Tensor(Double(shape[resolved])))
    }

    /// The Frobenius norm `‖x‖ = √Σ x²` (the 2-norm of a vector)   ∂‖x‖/∂x = x / ‖x‖.
    ///
    /// Computed as `s · √Σ (x/s)²` with the constant `s = max |x|`, which has the
    /// same value and gradient but cannot overflow. The gradient at x = 0 is
    /// undefined (NaN), as for √ at 0.
    public func norm() throws -> Variable {
        let largest = value.scalars.reduce(0.0) { Swift.max($0, Swift.abs($1)) }
        let scale = Variable(Tensor(largest > 0 && largest.isFinite ? largest : 1))
        return try (self / scale).square().sum().sqrt() * scale
    }
}
