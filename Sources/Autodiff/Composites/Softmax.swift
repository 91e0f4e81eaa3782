import TensorCore

/// Softmax and the cross-entropy loss, built from primitives (no derivative code here).
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

    /// Softmax cross-entropy of unnormalised scores against class indices, **summed** over rows.
    ///
    /// - For a vector of scores (n,) and one target t: `−log softmax(x)[t]`.
    /// - For a matrix (rows, n) and one target per row: `Σᵣ −log softmax(x[r])[tᵣ]`
    ///   (a sum, not a mean: divide by the number of rows for the average loss).
    ///
    /// The result has rank 0. Its gradient with respect to the scores is
    /// `softmax(x) − onehot(t)` for each row. The target's log-probability is
    /// picked out rather than multiplied by a one-hot mask, so a score of −∞
    /// elsewhere in the row (a masked class) does not turn the loss into NaN.
    public func crossEntropy(targets: [Int]) throws -> Variable {
        let rows: Int, classes: Int
        switch value.rank {
        case 1: (rows, classes) = (1, shape[0])
        case 2: (rows, classes) = (shape[0], shape[1])
        default:
            throw TensorError(.shapeMismatch, "cross_entropy",
                "expects a vector of scores or a (rows, classes) matrix, got shape \(describeShape(shape))")
        }
        guard targets.count == rows else {
            throw TensorError(.shapeMismatch, "cross_entropy",
                "\(targets.count) targets given for \(rows) row(s) of scores of shape \(describeShape(shape)); give one target per row")
        }
        for t in targets where t < 0 || t >= classes {
            throw TensorError(.indexOutOfRange, "cross_entropy", "target \(t) is out of range for \(classes) classes")
        }
        let logProbabilities = try logSoftmax(axis: -1).reshaped([rows, classes])
        return try -logProbabilities.picking(columns: targets).sum()
    }
}
