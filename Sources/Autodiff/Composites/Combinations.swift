import TensorCore

/// Shape combinations built from primitives (no derivative code here).
extension Variable {
    /// The outer product of two vectors, `C[i, j] = a[i]·b[j]`, as the broadcast
    /// product of a column (n, 1) and a row (1, m).
    public static func outer(_ a: Variable, _ b: Variable) throws -> Variable {
        guard a.value.rank == 1, b.value.rank == 1 else {
            throw TensorError(.shapeMismatch, "outer",
                "expects two vectors, got shapes \(describeShape(a.shape)) and \(describeShape(b.shape))")
        }
        return try a.reshaped([a.value.count, 1]) * b.reshaped([1, b.value.count])
    }

    /// Stacks equal-shaped variables along a new axis: each gets a size-1 axis
    /// inserted at `axis`, then they are concatenated along it.
    public static func stack(_ parts: [Variable], axis: Int = 0) throws -> Variable {
        guard let first = parts.first else { throw TensorError(.invalidArgument, "stack", "needs at least one tensor") }
        for (i, part) in parts.enumerated() where part.shape != first.shape {
            throw TensorError(.shapeMismatch, "stack",
                "tensor \(i) has shape \(describeShape(part.shape)) but tensor 0 has \(describeShape(first.shape)); stacked tensors must match")
        }
        let resolved = try Shape.normalizeAxis(axis, rank: first.value.rank + 1, operation: "stack")
        var expanded = first.shape
        expanded.insert(1, at: resolved)
        return try concat(parts.map { try $0.reshaped(expanded) }, axis: resolved)
    }
}
