import TensorCore

/// Softmax and log-softmax, built from primitives (no derivative code here).
extension Variable {
    /// `softmax(x)ₖ = exp(xₖ − c) / Σⱼ exp(xⱼ − c)` along `axis` (default: the last),
    /// with the constant shift `c = max x` along the axis.
    ///
    /// Softmax is unchanged by adding a constant to every score, so treating
    /// the shift as a constant (a detached leaf) leaves both value and gradient
    /// exact while keeping every exponent ≤ 0: scores such as [1000, 1001, 1002]
    /// give exactly the same finite result as [0, 1, 2].
    public func softmax(axis: Int = -1) throws -> Variable {
        let z = try shiftedByMax(axis: axis, operation: "softmax").exp()
        return try z / z.sum(axis: axis, keepDims: true)
    }

    /// `log softmax(x)ₖ = (xₖ − c) − log Σⱼ exp(xⱼ − c)` along `axis` (default: the last),
    /// with the same constant shift `c = max x` as ``softmax(axis:)``.
    public func logSoftmax(axis: Int = -1) throws -> Variable {
        let z = try shiftedByMax(axis: axis, operation: "log_softmax")
        return try z - z.logsumexp(axis: axis, keepDims: true)
    }

    /// `x − c` where `c = max x` along `axis` enters the graph as a constant.
    private func shiftedByMax(axis: Int, operation: String) throws -> Variable {
        guard value.rank > 0 else {
            throw TensorError(.shapeMismatch, operation, "expects a vector or matrix of scores, got a scalar")
        }
        return try self - Variable(value.max(axis: axis, keepDims: true))
    }
}
