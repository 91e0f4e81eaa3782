/// Matrix products with numpy's `@` rules for ranks 1 and 2.
extension Tensor {
    /// `self @ other`: matrix·matrix, matrix·vector, vector·matrix or vector·vector (dot, rank 0).
    ///
    ///     (A·B)ᵢⱼ = Σₚ Aᵢₚ·Bₚⱼ
    ///
    /// A vector on the left acts as a 1×k row, on the right as a k×1 column, and
    /// that dimension is dropped from the result, as in numpy. Matrix products
    /// run the blocked ``gemm(transposeA:transposeB:m:n:k:alpha:a:lda:b:ldb:beta:c:ldc:)``
    /// kernel; products with a vector run the native `matvec` kernels of the build the CPU
    /// picks (``NativeInstructionSet``), the ones the character model's engine uses.
    ///
    /// - Complexity: O(m·k·n).
    public func matmul(_ other: Tensor) throws -> Tensor {
        guard (1...2).contains(rank), (1...2).contains(other.rank) else {
            throw TensorError.shape("matmul", "expects vectors or matrices, got shapes \(describeShape(shape)) and \(describeShape(other.shape))")
        }
        let (m, k) = rank == 2 ? (shape[0], shape[1]) : (1, shape[0])
        let (k2, n) = other.rank == 2 ? (other.shape[0], other.shape[1]) : (other.shape[0], 1)
        guard k == k2 else {
            throw TensorError.shape("matmul", "shapes \(describeShape(shape)) and \(describeShape(other.shape)) cannot be multiplied: inner sizes \(k) and \(k2) differ")
        }
        // (m, n) without the axes of vector operands; it holds m·n elements either way.
        let resultShape: [Int] = rank == 2 ? (other.rank == 2 ? [m, n] : [m]) : (other.rank == 2 ? [n] : [])
        let count = try Shape.checkedCount(resultShape, operation: "matmul")
        if (n == 1 || m == 1) && !(m == 1 && n == 1) && k > 0 {
            // A product with a vector: the native kernels write every element of the result.
            let kernels = NativeInstructionSet.activeKernels
            let out = [Double](unsafeUninitializedCapacity: count) { c, initialized in
                scalars.withUnsafeBufferPointer { a in
                    other.scalars.withUnsafeBufferPointer { b in
                        guard let pa = a.baseAddress, let pb = b.baseAddress, let pc = c.baseAddress else { return }
                        if n == 1 {
                            kernels.matvec(m, k, pa, pb, pc, false, false)          // one dot product per row of A
                        } else {
                            kernels.matvecTransposed(k, n, pb, pa, pc, false, false) // a combination of B's rows
                        }
                    }
                }
                initialized = count
            }
            return Tensor(unchecked: resultShape, out)
        }
        var out = [Double](repeating: 0, count: count)
        try scalars.withUnsafeBufferPointer { a in
            try other.scalars.withUnsafeBufferPointer { b in
                try out.withUnsafeMutableBufferPointer { c in
                    if m == 1 && n == 1 {
                        if k > 0, let pa = a.baseAddress, let pb = b.baseAddress {
                            c[0] = Tensor.simdDot(pa, pb, count: k)
                        }
                    } else if k > 0 {
                        try Tensor.gemm(m: m, n: n, k: k, a: a, lda: Swift.max(1, k), b: b, ldb: Swift.max(1, n), c: c, ldc: Swift.max(1, n))
                    }
                }
            }
        }
        return Tensor(unchecked: resultShape, out)
    }
}
