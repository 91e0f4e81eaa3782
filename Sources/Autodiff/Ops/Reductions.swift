import TensorCore

/// Reductions over all elements or along one axis. Each pullback spreads the
/// adjoint of the reduced result back over the elements that produced it.
extension Variable {
    /// `y = Σᵢ xᵢ` (rank 0)   ∂y/∂xᵢ = 1.
    public func sum() throws -> Variable {
        let shape = self.shape
        return try Variable.record("sum", value.sum(), [node]) { g, _ in
            [try g.reshaped([]).broadcast(to: shape)]
        }
    }

    /// `y = Σₖ x[…, k, …]` along `axis`   ∂y/∂x = 1 (the adjoint is repeated along the axis).
    public func sum(axis: Int, keepDims: Bool = false) throws -> Variable {
        let shape = self.shape
        let y = try value.sum(axis: axis, keepDims: keepDims)
        let kept = try Variable.keptShape(shape, axis: axis, operation: "sum")
        return try Variable.record("sum", y, [node]) { g, _ in
            [try g.reshaped(kept).broadcast(to: shape)]
        }
    }

    /// `y = max x` (rank 0)   ∂y/∂xᵢ = 1/t at the t positions holding the maximum, 0 elsewhere.
    public func max() throws -> Variable {
        try extreme("max", value.max(), axis: nil, keepDims: false)
    }

    /// The maximum along `axis`; the adjoint is shared evenly among tied maxima.
    public func max(axis: Int, keepDims: Bool = false) throws -> Variable {
        try extreme("max", value.max(axis: axis, keepDims: keepDims), axis: axis, keepDims: keepDims)
    }

    /// `y = min x` (rank 0); the adjoint is shared evenly among tied minima.
    public func min() throws -> Variable {
        try extreme("min", value.min(), axis: nil, keepDims: false)
    }

    /// The minimum along `axis`; the adjoint is shared evenly among tied minima.
    public func min(axis: Int, keepDims: Bool = false) throws -> Variable {
        try extreme("min", value.min(axis: axis, keepDims: keepDims), axis: axis, keepDims: keepDims)
    }

    /// `y = log Σᵢ exp xᵢ` (rank 0, overflow-safe)   ∂y/∂xᵢ = exp(xᵢ − y) = softmax(x)ᵢ.
    ///
    /// The pullback evaluates softmax as exp(x − max x) / Σ exp(x − max x)
    /// rather than exp(x − y): for scores near 10⁶, y carries a rounding error
    /// of about 10⁻¹⁰ that the subtraction would pass on to the gradient.
    public func logsumexp() throws -> Variable {
        let x = value
        return try Variable.record("logsumexp", x.logsumexp(), [node]) { g, _ in
            let p = try x.reshaped([-1]).softmax().reshaped(x.shape)
            return [try p * g]
        }
    }

    /// `y = log Σₖ exp x[…, k, …]` along `axis`   ∂y/∂x = softmax(x) along the axis
    /// (evaluated with the maximum shift, as in ``logsumexp()``).
    public func logsumexp(axis: Int, keepDims: Bool = false) throws -> Variable {
        let x = value
        let y = try x.logsumexp(axis: axis, keepDims: keepDims)
        let kept = try Variable.keptShape(x.shape, axis: axis, operation: "logsumexp")
        return try Variable.record("logsumexp", y, [node]) { g, _ in
            [try x.softmax(axis: axis) * g.reshaped(kept)]
        }
    }

    // MARK: Helpers

    /// Shared by max and min: the adjoint goes to the elements equal to the result,
    /// divided by how many there are along the reduced axis (or overall).
    private func extreme(_ op: String, _ y: Tensor, axis: Int?, keepDims: Bool) throws -> Variable {
        let x = value
        let kept = try axis.map { try Variable.keptShape(x.shape, axis: $0, operation: op) }
            ?? [Int](repeating: 1, count: x.rank)
        return try Variable.record(op, y, [node]) { g, _ in
            let hits = try x.compare(y.reshaped(kept), .equal)
            let ties = try axis.map { try hits.sum(axis: $0, keepDims: true) } ?? hits.sum().reshaped(kept)
            return [try hits / ties * g.reshaped(kept)]
        }
    }

    /// The shape of a reduction along `axis` with `keepDims: true`.
    static func keptShape(_ shape: [Int], axis: Int, operation: String) throws -> [Int] {
        let axis = try Shape.normalizeAxis(axis, rank: shape.count, operation: operation)
        var kept = shape
        kept[axis] = 1
        return kept
    }
}
