/// Matrix products with numpy's `@` rules for ranks 1 and 2.
extension Tensor {
    /// `self @ other`: matrix·matrix, matrix·vector, vector·matrix or vector·vector (dot, rank 0).
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
        var resultShape: [Int] = []
        if rank == 2 { resultShape.append(m) }
        if other.rank == 2 { resultShape.append(n) }
        _ = try Shape.checkedCount([m, n], operation: "matmul")
        var out = [Double](repeating: 0, count: m * n)
        Tensor.gemm(m: m, n: n, k: k, a: scalars, b: other.scalars, c: &out)
        return Tensor(unchecked: resultShape, out)
    }

    /// C (m×n) = A (m×k) · B (k×n), all row-major. Plain i-k-j loop.
    static func gemm(m: Int, n: Int, k: Int, a: [Double], b: [Double], c: inout [Double]) {
        for i in 0..<m {
            for p in 0..<k {
                let aip = a[i * k + p]
                for j in 0..<n { c[i * n + j] += aip * b[p * n + j] }
            }
        }
    }
}
