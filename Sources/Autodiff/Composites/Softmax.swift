import TensorCore

/// Softmax and the cross-entropy loss, built from `logsumexp` (no derivative code here).
extension Variable {
    /// `softmax(x)ₖ = exp(xₖ − logsumexp(x))` along `axis` (default: the last).
    ///
    /// Subtracting logsumexp keeps every exponent ≤ 0, so large scores such as
    /// [1000, 1001, 1002] give the same finite result as [0, 1, 2].
    public func softmax(axis: Int = -1) throws -> Variable {
        try logSoftmax(axis: axis).exp()
    }

    /// `log softmax(x)ₖ = xₖ − logsumexp(x)` along `axis` (default: the last).
    public func logSoftmax(axis: Int = -1) throws -> Variable {
        guard value.rank > 0 else {
            throw TensorError(.shapeMismatch, "softmax", "expects a vector or matrix of scores, got a scalar")
        }
        return try self - logsumexp(axis: axis, keepDims: true)
    }

    /// Softmax cross-entropy of unnormalised scores against class indices, **summed** over rows.
    ///
    /// - For a vector of scores (n,) and one target t: `−log softmax(x)[t]`.
    /// - For a matrix (rows, n) and one target per row: `Σᵣ −log softmax(x[r])[tᵣ]`
    ///   (a sum, not a mean: divide by the number of rows for the average loss).
    ///
    /// The result has rank 0. Its gradient with respect to the scores is
    /// `softmax(x) − onehot(t)` for each row.
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
        let onehot = try Tensor.oneHot(targets, depth: classes).reshaped(shape)
        return try -(logSoftmax(axis: -1) * Variable(onehot)).sum()
    }
}
