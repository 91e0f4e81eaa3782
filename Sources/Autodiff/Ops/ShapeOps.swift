import TensorCore

/// Operations that move elements without changing them. Each pullback moves
/// the adjoint back to where the elements came from.
extension Variable {
    /// The same elements under a new shape (one size may be −1)   pullback: reshape back.
    public func reshaped(_ newShape: [Int]) throws -> Variable {
        let shape = self.shape
        return try Variable.record("reshape", value.reshaped(newShape), [node]) { g, _ in
            [try g.reshaped(shape)]
        }
    }

    /// The matrix transpose (axes reversed for higher ranks; vectors unchanged)
    /// pullback: transpose again (reversing the axes is its own inverse).
    public func transposed() throws -> Variable {
        try Variable.record("transpose", value.transposed(), [node]) { g, _ in [try g.transposed()] }
    }

    /// Reorders the axes: result axis k is axis `order[k]`   pullback: the inverse permutation.
    public func permuted(_ order: [Int]) throws -> Variable {
        let y = try value.permuted(order)
        var inverse = [Int](repeating: 0, count: order.count)
        for (k, axis) in order.enumerated() { inverse[axis] = k }
        return try Variable.record("permute", y, [node]) { g, _ in [try g.permuted(inverse)] }
    }

    /// Joins variables along an existing axis   pullback: slice the adjoint into the same pieces.
    public static func concat(_ parts: [Variable], axis: Int = 0) throws -> Variable {
        let y = try Tensor.concat(parts.map(\.value), axis: axis)
        let axis = try Shape.normalizeAxis(axis, rank: y.rank, operation: "concat")
        let sizes = parts.map { $0.shape[axis] }
        return try record("concat", y, parts) { g, needed in
            var start = 0
            var pieces: [Tensor?] = []
            for (k, size) in sizes.enumerated() {
                let specs = [IndexSpec](repeating: .all, count: axis) + [.range(start: start, end: start + size, step: nil)]
                pieces.append(needed[k] ? try g.indexed(specs) : nil)
                start += size
            }
            return pieces
        }
    }

    /// A vector becomes a diagonal matrix, or a matrix gives its main diagonal.
    ///
    /// Pullback: for vector → matrix, the diagonal of the adjoint; for
    /// matrix → vector, the adjoint placed on the diagonal of a zero matrix.
    public func diag() throws -> Variable {
        let shape = self.shape
        let y = try value.diag()
        return try Variable.record("diag", y, [node]) { g, _ in
            if shape.count == 1 { return [try g.diag()] }
            var scalars = [Double](repeating: 0, count: shape[0] * shape[1])
            for (i, v) in g.scalars.enumerated() { scalars[i * shape[1] + i] = v }
            return [try Tensor(shape: shape, scalars: scalars)]
        }
    }
}
