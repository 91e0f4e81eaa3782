/// Random matrices with prescribed spectra: orthogonal matrices and matrices
/// with chosen singular values, for experiments on exploding and vanishing gradients.
extension Tensor {
    /// A random n×n orthogonal matrix (QᵀQ = I) drawn uniformly from the orthogonal
    /// group (Haar measure).
    ///
    /// Method (Mezzadri 2007): take the QR factorisation of an n×n matrix of
    /// independent standard normals, G = Q·R, and multiply column j of Q by
    /// sign(R_jj). ``qr()`` already returns R with a non-negative diagonal, which is
    /// that correction, so Q is Haar-distributed.
    ///
    /// - Throws: `TensorError` when n < 1 or n·n exceeds the element limit.
    public static func orthogonal(_ n: Int, using generator: inout RandomGenerator) throws -> Tensor {
        guard n >= 1 else {
            throw TensorError.value("orthogonal", "size must be at least 1, got \(n)")
        }
        let gaussian = try randn([n, n], using: &generator)
        return try gaussian.qr().q
    }

    /// A random rows×columns matrix with exactly the singular values `s`:
    /// `W = U·diag(s)·Vᵀ` with U (rows×k) and V (columns×k) taken from independent
    /// Haar-random orthogonal matrices, k = `s.count` = min(rows, columns).
    /// `try W.singularValues()` returns `s` sorted in descending order.
    ///
    /// ```swift
    /// var g = RandomGenerator(seed: 0)
    /// let w = try Tensor.withSingularValues([3, 2, 1], using: &g)   // 3×3, ‖w‖₂ = 3
    /// ```
    ///
    /// - Parameters:
    ///   - rows, columns: default to `s.count` (a square matrix).
    /// - Throws: `TensorError` for an empty list, a negative or non-finite value, or
    ///   `s.count` different from min(rows, columns).
    public static func withSingularValues(_ s: [Double], rows: Int? = nil, columns: Int? = nil,
                                          using generator: inout RandomGenerator) throws -> Tensor {
        let k = s.count
        guard k > 0 else {
            throw TensorError.value("withSingularValues", "needs at least one singular value")
        }
        if let bad = s.first(where: { !($0 >= 0) || !$0.isFinite }) {
            throw TensorError.value("withSingularValues", "singular values must be finite and non-negative, got \(bad)")
        }
        let m = rows ?? k, n = columns ?? k
        guard m >= 1, n >= 1, Swift.min(m, n) == k else {
            throw TensorError.shape("withSingularValues", "a \(m)×\(n) matrix has \(Swift.max(0, Swift.min(m, n))) singular values, but \(k) were given; pass min(rows, columns) values")
        }
        _ = try Shape.checkedCount([m, n], operation: "withSingularValues")
        let u = try orthogonal(m, using: &generator)
        let v = try orthogonal(n, using: &generator)
        // (U[:, :k] · diag(s)) · V[:, :k]ᵀ
        var scaled = [Double](repeating: 0, count: m * k)
        for i in 0..<m {
            for j in 0..<k { scaled[i * k + j] = u.scalars[i * m + j] * s[j] }
        }
        var out = [Double](repeating: 0, count: m * n)
        try scaled.withUnsafeBufferPointer { a in
            try v.scalars.withUnsafeBufferPointer { b in
                try out.withUnsafeMutableBufferPointer { c in
                    try gemm(transposeB: true, m: m, n: n, k: k, a: a, lda: k, b: b, ldb: n, c: c, ldc: n)
                }
            }
        }
        return Tensor(unchecked: [m, n], out)
    }

    /// ``withSingularValues(_:rows:columns:using:)`` with the values given as a vector tensor.
    public static func withSingularValues(_ s: Tensor, rows: Int? = nil, columns: Int? = nil,
                                          using generator: inout RandomGenerator) throws -> Tensor {
        guard s.rank == 1 else {
            throw TensorError.shape("withSingularValues", "expects a vector of singular values, got shape \(describeShape(s.shape))")
        }
        return try withSingularValues(s.scalars, rows: rows, columns: columns, using: &generator)
    }
}
