import TensorCore

extension Variable {
    /// `C = A @ B` with numpy's rules for vectors and matrices.
    ///
    /// For matrices A (m×k), B (k×n):  ∂L/∂A = G Bᵀ,  ∂L/∂B = Aᵀ G, where G = ∂L/∂C.
    /// A vector operand is treated as a row (left) or a column (right) matrix,
    /// and each gradient is reshaped back to its operand's shape.
    public func matmul(_ other: Variable) throws -> Variable {
        let a = self, b = other
        let c = try a.value.matmul(b.value)
        return try Variable.record("matmul", c, [a, b]) { g, needed in
            let a2 = try a.value.reshaped(a.value.rank == 2 ? a.shape : [1, a.value.count])
            let b2 = try b.value.reshaped(b.value.rank == 2 ? b.shape : [b.value.count, 1])
            let g2 = try g.reshaped([a2.shape[0], b2.shape[1]])
            return [needed[0] ? try g2.matmul(b2.transposed()).reshaped(a.shape) : nil,
                    needed[1] ? try a2.transposed().matmul(g2).reshaped(b.shape) : nil]
        }
    }
}
