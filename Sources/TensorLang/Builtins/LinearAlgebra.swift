import TensorCore
import Autodiff

/// Matrix products, norms and factorisations. Factorisations return constants: gradients do not flow through them.
enum LinearAlgebraLibrary {
    static var builtins: [Builtin] {
        [
            Builtin("matmul", "a, b", "the matrix product a @ b (vectors act as rows or columns, numpy's rules)", example: "matmul([[1, 2], [3, 4]], [1, 1])") { a in
                let x = try a.tensor(0), y = try a.tensor(1)
                guard (1...2).contains(x.value.rank) else { throw a.bad(0, "a vector or a matrix", got: "shape \(describeShape(x.shape))") }
                guard (1...2).contains(y.value.rank) else { throw a.bad(1, "a vector or a matrix", got: "shape \(describeShape(y.shape))") }
                return .tensor(try x.matmul(y))
            },
            Builtin("norm", "x", "the Euclidean norm √Σx² (Frobenius norm for a matrix)", example: "norm([3, 4])") { a in
                .tensor(try a.tensor(0).norm())
            },
            Builtin("dot", "a, b", "the inner product Σ aᵢbᵢ of two vectors of the same length", example: "dot([1, 2], [3, 4])") { a in
                .tensor(try a.tensor(0, rank: 1).matmul(try a.tensor(1, rank: 1)))
            },
            Builtin("svd", "W", "the thin SVD: U, S, V with W = U @ diag(S) @ V.T, S descending", example: "U, S, V = svd([[3, 0], [4, 5]]); S") { a in
                let (u, s, v) = try a.tensor(0, rank: 2).value.svd()
                return .tuple([.tensor(u), .tensor(s), .tensor(v)])
            },
            Builtin("svals", "W", "the singular values of a matrix, largest first", example: "svals([[3, 0], [4, 5]])") { a in
                .tensor(try a.tensor(0, rank: 2).value.singularValues())
            },
            Builtin("spectral_norm", "W", "the largest singular value σ₁ = max ‖Wx‖ over unit x", example: "spectral_norm([[2, 0], [0, 1]])") { a in
                .tensor(try a.tensor(0, rank: 2).value.spectralNorm())
            },
            Builtin("qr", "W", "the QR factorisation: Q with orthonormal columns and upper-triangular R, W = Q @ R", example: "Q, R = qr([[1, 2], [3, 4]]); R") { a in
                let (q, r) = try a.tensor(0, rank: 2).value.qr()
                return .tuple([.tensor(q), .tensor(r)])
            },
            Builtin("orthogonal", "n, seed=none", "a random n×n orthogonal matrix Q (QᵀQ = I), uniformly distributed", example: "Q = orthogonal(3, seed=7); Q.T @ Q") { a in
                let n = try a.int(0)
                return .tensor(try a.interpreter.withGenerator(seed: try a.optionalInt(1)) { g in try Tensor.orthogonal(n, using: &g) })
            },
            Builtin("with_singular_values", "values, rows=none, columns=none, seed=none",
                    "a random matrix U diag(values) Vᵀ with exactly these singular values", example: "svals(with_singular_values([1.1, 1.1], seed=3))") { a in
                let values = try a.tensor(0, rank: 1).value
                let (rows, columns) = (try a.optionalInt(1), try a.optionalInt(2))
                return .tensor(try a.interpreter.withGenerator(seed: try a.optionalInt(3)) { g in
                    try Tensor.withSingularValues(values, rows: rows, columns: columns, using: &g)
                })
            },
        ]
    }
}
