/// Singular value decomposition by one-sided Jacobi rotations (Hestenes' method).
extension Tensor {
    /// The thin SVD `A = U·diag(S)·Vᵀ` of an m×n matrix, with k = min(m, n):
    /// U is m×k and V is n×k with orthonormal columns, S holds the k singular
    /// values, non-negative and in descending order.
    ///
    /// Method (for m ≥ n; a wide matrix is factorised through its transpose):
    /// the columns of W = A are rotated in pairs until they are mutually
    /// orthogonal (cyclic sweeps over all pairs, with de Rijk's pivoting: the longest
    /// remaining column moves to the front). For columns p, q with α = ‖w_p‖², β = ‖w_q‖², γ = w_pᵀw_q,
    ///
    ///     ζ = (β − α) / 2γ,   t = sign(ζ) / (|ζ| + √(1 + ζ²)),   c = 1/√(1 + t²),   s = c·t
    ///
    /// makes the rotated pair orthogonal; the same rotations applied to the
    /// identity give V. When every pair satisfies |γ| ≤ ε·√(αβ), the column norms
    /// are the singular values and the normalised columns are U. The method is
    /// accurate to a few units in the last place relative to each singular value
    /// for well-scaled columns. Columns of U for zero singular values are completed
    /// to an orthonormal set.
    ///
    /// ```swift
    /// let (u, s, v) = try Tensor(rows: [[3, 0], [4, 5]]).svd()
    /// // s = [√45, √5]
    /// ```
    ///
    /// - Throws: `TensorError` for a non-matrix, an empty matrix, non-finite entries,
    ///   or (never observed in practice) no convergence within 100 sweeps.
    public func svd() throws -> (u: Tensor, s: Tensor, v: Tensor) {
        try requireFiniteMatrix("svd")
        if shape[0] < shape[1] {
            let (u, s, v) = try transposed().svd()
            return (v, s, u)
        }
        let result = try JacobiSVD(self, wantVectors: true)
        return (result.u, Tensor(result.values), result.v)
    }

    /// The singular values of a matrix, non-negative and descending (numpy's `svd(a, compute_uv=False)`).
    ///
    /// - Throws: as ``svd()``.
    public func singularValues() throws -> Tensor {
        try requireFiniteMatrix("svals")
        let tall = shape[0] >= shape[1] ? self : try transposed()
        return Tensor(try JacobiSVD(tall, wantVectors: false).values)
    }

    /// The spectral norm ‖A‖₂ = σ_max(A), the largest factor by which A stretches a vector;
    /// for a vector it is the Euclidean length √(Σ xᵢ²) (``norm()``), as a rank-0 tensor.
    ///
    /// - Throws: `TensorError` for ranks other than 1 and 2, an empty matrix or non-finite entries.
    public func spectralNorm() throws -> Tensor {
        switch rank {
        case 1:
            return norm()
        case 2:
            try requireFiniteMatrix("spectralNorm")
            return Tensor(try singularValues().scalars[0])
        default:
            throw TensorError.shape("spectralNorm", "expects a vector or a matrix, got shape \(describeShape(shape))")
        }
    }
}

/// One-sided Jacobi on a tall (m ≥ n), finite, non-empty matrix.
private struct JacobiSVD {
    var u = Tensor(0)
    var v = Tensor(0)
    var values: [Double] = []

    static let maxSweeps = 100

    init(_ a: Tensor, wantVectors: Bool) throws {
        let (m, n) = (a.shape[0], a.shape[1])
        // Scale so the largest entry is 1: squared norms can then neither overflow nor underflow early.
        let scale = a.scalars.reduce(0) { Swift.max($0, Swift.abs($1)) }
        var w = a.columnMajorScalars()
        if scale > 0 { for i in w.indices { w[i] /= scale } }
        var vt = [Double](repeating: 0, count: wantVectors ? n * n : 0)   // row j = column j of V
        if wantVectors { for j in 0..<n { vt[j * n + j] = 1 } }

        let converged = try w.withUnsafeMutableBufferPointer { wb in
            try vt.withUnsafeMutableBufferPointer { vb in
                try JacobiSVD.orthogonalise(wb.baseAddress, rows: m, columns: n, vt: wantVectors ? vb.baseAddress : nil)
            }
        }
        guard converged else {
            throw TensorError.value("svd", "one-sided jacobi did not converge in \(JacobiSVD.maxSweeps) sweeps for a matrix of shape \(describeShape(a.shape))")
        }

        var norms = [Double](repeating: 0, count: n)
        w.withUnsafeBufferPointer { wb in
            guard let base = wb.baseAddress else { return }
            for j in 0..<n { norms[j] = ColumnKernels.norm(base + j * m, m) }
        }
        let order = (0..<n).sorted { norms[$0] > norms[$1] || (norms[$0] == norms[$1] && $0 < $1) }
        values = order.map { norms[$0] * scale }
        guard wantVectors else { return }

        var uColumns = [Double](repeating: 0, count: m * n)
        var vColumns = [Double](repeating: 0, count: n * n)
        for (target, source) in order.enumerated() {
            let norm = norms[source]
            if norm > 0 {
                for i in 0..<m { uColumns[target * m + i] = w[source * m + i] / norm }
            }
            for i in 0..<n { vColumns[target * n + i] = vt[source * n + i] }
        }
        JacobiSVD.completeOrthonormalColumns(&uColumns, rows: m, columns: n, valid: norms.filter { $0 > 0 }.count)
        u = Tensor.fromColumnMajor(uColumns, rows: m, columns: n)
        v = Tensor.fromColumnMajor(vColumns, rows: n, columns: n)
    }

    /// Sweeps of cyclic rotations over all column pairs of `w` (column-major, m×n) until
    /// every pair is orthogonal to working precision. Rotations are mirrored on the rows
    /// of `vt` when given. Returns false if `maxSweeps` sweeps were not enough. Checks for
    /// an interrupt or a deadline (``ExecutionContext``) before each column's rotations.
    static func orthogonalise(_ w: UnsafeMutablePointer<Double>?, rows m: Int, columns n: Int,
                              vt: UnsafeMutablePointer<Double>?) throws -> Bool {
        guard let w else { return true }
        let tolerance = Double.ulpOfOne * Swift.max(1, Double(m).squareRoot())
        var squaredNorms = [Double](repeating: 0, count: n)
        for _ in 0..<maxSweeps {
            for j in 0..<n {
                let col = w + j * m
                squaredNorms[j] = ColumnKernels.dot(col, col, m)
            }
            var rotated = false
            for p in 0..<n {
                try ExecutionContext.checkpoint("svd")
                // de Rijk's pivoting: bring the longest remaining column to position p.
                var longest = p
                for j in (p + 1)..<Swift.max(p + 1, n) where squaredNorms[j] > squaredNorms[longest] { longest = j }
                if longest != p {
                    swapColumns(w + p * m, w + longest * m, m)
                    if let vt { swapColumns(vt + p * n, vt + longest * n, n) }
                    squaredNorms.swapAt(p, longest)
                }
                for q in (p + 1)..<Swift.max(p + 1, n) {
                    let alpha = squaredNorms[p], beta = squaredNorms[q]
                    guard alpha > 0, beta > 0 else { continue }
                    let wp = w + p * m, wq = w + q * m
                    let gamma = ColumnKernels.dot(wp, wq, m)
                    guard Swift.abs(gamma) > tolerance * alpha.squareRoot() * beta.squareRoot() else { continue }
                    rotated = true
                    let zeta = (beta - alpha) / (2 * gamma)
                    let t = Swift.abs(zeta) > 1e150
                        ? 1 / (2 * zeta)
                        : (zeta >= 0 ? 1 : -1) / (Swift.abs(zeta) + (1 + zeta * zeta).squareRoot())
                    let c = 1 / (1 + t * t).squareRoot()
                    let s = c * t
                    ColumnKernels.rotate(wp, wq, m, c: c, s: s)
                    if let vt { ColumnKernels.rotate(vt + p * n, vt + q * n, n, c: c, s: s) }
                    squaredNorms[p] = Swift.max(0, alpha - t * gamma)
                    squaredNorms[q] = Swift.max(0, beta + t * gamma)
                }
            }
            if !rotated { return true }
        }
        return false
    }

    /// Exchanges two contiguous columns of `count` elements.
    static func swapColumns(_ x: UnsafeMutablePointer<Double>, _ y: UnsafeMutablePointer<Double>, _ count: Int) {
        var i = 0
        while i < count {
            let t = x[i]
            x[i] = y[i]
            y[i] = t
            i += 1
        }
    }

    /// Replaces the zero columns `valid..<columns` of a column-major m×columns matrix, whose
    /// first `valid` columns are orthonormal, by unit vectors orthogonal to all before them
    /// (Gram–Schmidt, twice, on the standard basis vectors).
    static func completeOrthonormalColumns(_ q: inout [Double], rows m: Int, columns: Int, valid: Int) {
        var candidate = 0
        var j = valid
        while j < columns && candidate < m {
            var e = [Double](repeating: 0, count: m)
            e[candidate] = 1
            candidate += 1
            for _ in 0..<2 {
                for c in 0..<j {
                    var s = 0.0
                    for i in 0..<m { s += q[c * m + i] * e[i] }
                    for i in 0..<m { e[i] -= s * q[c * m + i] }
                }
            }
            let norm = e.reduce(0) { $0 + $1 * $1 }.squareRoot()
            guard norm > 0.5 else { continue }
            for i in 0..<m { q[j * m + i] = e[i] / norm }
            j += 1
        }
    }
}
