import TensorCore
import Autodiff

/// Matrix products and norms.
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
        ]
    }
}
