import Foundation

/// Softmax, log-softmax and cross-entropy (forward values; the autodiff
/// composites build the same functions from primitives).
extension Tensor {
    /// exp(x − max x) / Σ exp(x − max x) along `axis`: finite for any finite
    /// input, however large, and exactly shift-invariant.
    public func softmax(axis: Int = -1) throws -> Tensor {
        guard rank > 0 else { throw TensorError.shape("softmax", "expects a vector or matrix of scores, got a scalar") }
        let shifted = try (self - max(axis: axis, keepDims: true)).exp()
        return try shifted / shifted.sum(axis: axis, keepDims: true)
    }

    /// x − logsumexp(x) along `axis`.
    public func logSoftmax(axis: Int = -1) throws -> Tensor {
        guard rank > 0 else { throw TensorError.shape("softmax", "expects a vector or matrix of scores, got a scalar") }
        return try self - logsumexp(axis: axis, keepDims: true)
    }

    /// Cross-entropy of scores against integer class targets, summed over rows:
    /// L = −Σᵢ log softmax(xᵢ)[tᵢ]. A vector of scores takes one target.
    public func crossEntropy(targets: [Int]) throws -> Tensor {
        let rows: Tensor
        switch rank {
        case 1: rows = try reshaped([1, count])
        case 2: rows = self
        default: throw TensorError.shape("cross_entropy", "expects scores of shape (classes,) or (rows, classes), got \(describeShape(shape))")
        }
        guard targets.count == rows.shape[0] else {
            throw TensorError.shape("cross_entropy", "\(targets.count) targets given for \(rows.shape[0]) rows of scores")
        }
        let logProbabilities = try rows.logSoftmax(axis: 1)
        let classes = rows.shape[1]
        var total = 0.0
        for (row, t) in targets.enumerated() {
            guard t >= 0, t < classes else {
                throw TensorError.index("cross_entropy", "target \(t) is out of range for \(classes) classes")
            }
            total -= logProbabilities.scalars[row * classes + t]
        }
        return Tensor(total)
    }
}
