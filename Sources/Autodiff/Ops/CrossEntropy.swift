import Foundation
import TensorCore

extension Variable {
    /// Softmax cross-entropy of unnormalised scores against class indices, **summed** over rows.
    ///
    /// - For a vector of scores x (n,) and one target t: `L = −log softmax(x)[t]`.
    /// - For a matrix (rows, n) and one target per row: `L = Σᵣ −log softmax(x[r])[tᵣ]`
    ///   (a sum, not a mean: divide by the number of rows for the average loss).
    ///
    /// `∂L/∂x[r] = softmax(x[r]) − onehot(tᵣ)`. One primitive rather than a composite: a
    /// character model calls it at every step, and one node with this pullback costs a
    /// fraction of the eight a composite records.
    ///
    /// Each row is shifted by its maximum c before exponentiating, `log softmax(x)ₜ =
    /// (xₜ − c) − log Σⱼ exp(xⱼ − c)`, so large scores stay finite, and the target's
    /// log-probability is picked rather than multiplied by a one-hot mask, so a score of −∞
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
        // Through buffers: the loops run at every step of a character model, and indexing
        // the arrays checked bounds and uniqueness at each element. Same operations, same order.
        var loss = 0.0
        let count = value.count
        let probabilities = [Double](unsafeUninitializedCapacity: count) { p, initialized in
            value.scalars.withUnsafeBufferPointer { x in
                for r in 0..<rows {
                    let row = r * classes
                    var top = -Double.infinity
                    for j in row..<row + classes { top = Swift.max(top, x[j]) }
                    var total = 0.0
                    for j in row..<row + classes {
                        let e = Foundation.exp(x[j] - top)
                        p[j] = e
                        total += e
                    }
                    for j in row..<row + classes { p[j] /= total }
                    loss -= (x[row + targets[r]] - top) - Foundation.log(total)
                }
            }
            initialized = count
        }
        let shape = self.shape
        return try Variable.record("cross_entropy", Tensor(loss), [node]) { g, _ in
            var d = probabilities
            for (r, t) in targets.enumerated() { d[r * classes + t] -= 1 }
            return [try Tensor(shape: shape, scalars: d) * g]
        }
    }
}
