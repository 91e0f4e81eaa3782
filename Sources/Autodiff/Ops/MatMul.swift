import TensorCore

extension Variable {
    /// `C = A @ B` with numpy's rules for vectors and matrices.
    ///
    /// For matrices A (m×k), B (k×n):  ∂L/∂A = G Bᵀ,  ∂L/∂B = Aᵀ G, where G = ∂L/∂C.
    /// With a vector operand the same formulas reduce to products that need no
    /// transposed copy:
    ///
    ///     c = A b  (matrix·vector):  ∂A = g bᵀ (outer),  ∂b = Aᵀ g = g @ A
    ///     c = a B  (vector·matrix):  ∂a = B g,           ∂B = a gᵀ (outer)
    ///     c = a·b  (dot):            ∂a = g b,           ∂b = g a
    public func matmul(_ other: Variable) throws -> Variable {
        let a = value, b = other.value
        let c = try a.matmul(b)
        // The outer products are handed back unexpanded (`Cotangent.outer`): a weight
        // used at every step of a recurrence sums them with one GEMM at the end.
        return try Variable.recordFactored("matmul", c, [node, other.node]) { g, needed in
            switch (a.rank, b.rank) {
            case (2, 1):
                return [needed[0] ? .outer(g, b) : nil, needed[1] ? .dense(try g.matmul(a)) : nil]
            case (1, 2):
                return [needed[0] ? .dense(try b.matmul(g)) : nil, needed[1] ? .outer(a, g) : nil]
            case (1, 1):
                return [needed[0] ? .dense(try b * g) : nil, needed[1] ? .dense(try a * g) : nil]
            default:
                return [needed[0] ? .dense(try Variable.product(g, b, transposeRight: true)) : nil,
                        needed[1] ? .dense(try Variable.product(a, g, transposeLeft: true)) : nil]
            }
        }
    }

    /// `op(X) · op(Y)` for matrices without materialising a transpose (the core's gemm).
    private static func product(_ x: Tensor, _ y: Tensor, transposeLeft: Bool = false, transposeRight: Bool = false) throws -> Tensor {
        let (m, k) = transposeLeft ? (x.shape[1], x.shape[0]) : (x.shape[0], x.shape[1])
        let n = transposeRight ? y.shape[0] : y.shape[1]
        let count = try Shape.checkedCount([m, n], operation: "matmul")
        var out = [Double](repeating: 0, count: count)
        try x.scalars.withUnsafeBufferPointer { xs in
            try y.scalars.withUnsafeBufferPointer { ys in
                try out.withUnsafeMutableBufferPointer { cs in
                    try Tensor.gemm(transposeA: transposeLeft, transposeB: transposeRight, m: m, n: n, k: k,
                                    a: xs, lda: Swift.max(1, x.shape[1]), b: ys, ldb: Swift.max(1, y.shape[1]),
                                    c: cs, ldc: Swift.max(1, n))
                }
            }
        }
        return try Tensor(shape: [m, n], scalars: out)
    }
}
