/// QR factorisation by Householder reflections.
extension Tensor {
    /// The reduced QR factorisation `A = Q·R` of an m×n matrix, with k = min(m, n):
    /// Q is m×k with orthonormal columns (QᵀQ = I) and R is k×n upper triangular
    /// (upper trapezoidal when m < n) with a non-negative diagonal.
    ///
    /// Column j is reflected by `H = I − β·v·vᵀ`, `v = x − α·e₁`, `α = −sign(x₀)·‖x‖`,
    /// `β = 2 / vᵀv`, which maps the sub-column x onto α·e₁ and zeroes what lies below
    /// the diagonal. Q is formed by applying the reflections to the first k columns
    /// of the identity in reverse order; finally rows of R and columns of Q whose
    /// diagonal entry is negative change sign, which makes the factorisation unique
    /// for a full-rank A.
    ///
    /// ```swift
    /// let (q, r) = try Tensor(rows: [[3, 1], [4, 2]]).qr()
    /// // q = [[0.6, -0.8], [0.8, 0.6]], r = [[5, 2.2], [0, 0.4]]
    /// ```
    ///
    /// - Throws: `TensorError` when `self` is not a non-empty matrix of finite numbers, or
    ///   when the running program is interrupted (``ExecutionContext/checkpoint(_:)``).
    /// - Complexity: O(m·n·k).
    public func qr() throws -> (q: Tensor, r: Tensor) {
        try requireFiniteMatrix("qr")
        let (m, n) = (shape[0], shape[1])
        let k = Swift.min(m, n)
        var columns = columnMajorScalars()
        var reflectors = [Double](repeating: 0, count: k * m)   // v_j lives at [j*m + j ..< j*m + m]
        var betas = [Double](repeating: 0, count: k)
        try columns.withUnsafeMutableBufferPointer { w in
            try reflectors.withUnsafeMutableBufferPointer { v in
                guard let w = w.baseAddress, let v = v.baseAddress else { return }
                for j in 0..<k {
                    try ExecutionContext.checkpoint("qr")
                    betas[j] = Tensor.householder(column: w + j * m + j, length: m - j, into: v + j * m + j)
                    guard betas[j] != 0 else { continue }
                    for l in (j + 1)..<Swift.max(j + 1, n) {
                        Tensor.reflect(w + l * m + j, by: v + j * m + j, beta: betas[j], length: m - j)
                    }
                }
            }
        }
        // Q = H₀·H₁·…·H_{k−1} applied to the first k columns of the identity.
        var q = [Double](repeating: 0, count: k * m)
        for c in 0..<k { q[c * m + c] = 1 }
        try q.withUnsafeMutableBufferPointer { qc in
            try reflectors.withUnsafeBufferPointer { v in
                guard let qc = qc.baseAddress, let v = v.baseAddress else { return }
                for j in stride(from: k - 1, through: 0, by: -1) where betas[j] != 0 {
                    try ExecutionContext.checkpoint("qr")
                    for c in j..<k {
                        Tensor.reflect(qc + c * m + j, by: v + j * m + j, beta: betas[j], length: m - j)
                    }
                }
            }
        }
        var r = [Double](repeating: 0, count: k * n)
        for i in 0..<k {
            let sign: Double = columns[i * m + i] < 0 ? -1 : 1
            for l in i..<n { r[i * n + l] = sign * columns[l * m + i] }
            if sign < 0 {
                for row in 0..<m { q[i * m + row] = -q[i * m + row] }
            }
        }
        return (Tensor.fromColumnMajor(q, rows: m, columns: k), Tensor(unchecked: [k, n], r))
    }

    /// Builds the reflector that maps `column[0..<length]` onto α·e₁, stores v in
    /// `v`, overwrites the column with (α, 0, …, 0) and returns β (0 when the column is already zero).
    static func householder(column x: UnsafeMutablePointer<Double>, length: Int, into v: UnsafeMutablePointer<Double>) -> Double {
        let norm = ColumnKernels.norm(x, length)
        guard norm > 0 else { return 0 }
        let alpha = x[0] > 0 ? -norm : norm
        v.update(from: x, count: length)
        v[0] -= alpha
        let vv = ColumnKernels.dot(v, v, length)
        x[0] = alpha
        (x + 1).update(repeating: 0, count: length - 1)
        return vv > 0 ? 2 / vv : 0
    }

    /// `y ← (I − β·v·vᵀ)·y` on `length` contiguous elements.
    static func reflect(_ y: UnsafeMutablePointer<Double>, by v: UnsafePointer<Double>, beta: Double, length: Int) {
        let s = ColumnKernels.dot(v, y, length)
        ColumnKernels.axpy(-beta * s, v, y, length)
    }
}
