import TensorCore
import Autodiff

/// Making tensors: constants, ranges and random draws.
///
/// Random builtins take `seed=`; without it they draw from the session generator,
/// which starts at seed 0 in every session (so scripts are reproducible) and `seed(n)` restarts.
enum CreationLibrary {
    static var builtins: [Builtin] {
        [
            Builtin("zeros", "*shape", "a tensor of zeros with the given sizes", example: "zeros(2, 3)") { a in
                .tensor(try Tensor.zeros(try a.restShape()))
            },
            Builtin("ones", "*shape", "a tensor of ones with the given sizes", example: "ones(3)") { a in
                .tensor(try Tensor.ones(try a.restShape()))
            },
            Builtin("full", "value, *shape", "a tensor with every element equal to value", example: "full(0.5, 2, 2)") { a in
                .tensor(try Tensor.full(try a.restShape(), try a.number(0)))
            },
            Builtin("eye", "n", "the n×n identity matrix", example: "eye(3)") { a in
                .tensor(try Tensor.identity(try a.int(0)))
            },
            Builtin("linspace", "start, stop, count", "count evenly spaced numbers from start to stop (both included)", example: "linspace(0, 1, 5)") { a in
                .tensor(try Tensor.linspace(try a.number(0), try a.number(1), count: try a.int(2)))
            },
            Builtin("arange", "start, stop=none", "the whole numbers start, …, stop−1 as a vector (arange(n) starts at 0)", example: "arange(2, 6)") { a in
                let (lo, hi) = a.isNone(1) ? (0, try a.int(0)) : (try a.int(0), try a.int(1))
                return .tensor(try Tensor.arange(lo, max(lo, hi)))
            },
            Builtin("range", "start, stop=none", "the range start..stop for loops (range(n) is 0..n)", example: "for i in range(3) { print(i) }") { a in
                a.isNone(1) ? .range(0, try a.int(0)) : .range(try a.int(0), try a.int(1))
            },
            Builtin("onehot", "index, depth", "a vector of length depth with 1 at index; a tensor of indices gives one such vector for each (a new last axis)",
                    example: "onehot([[0, 2], [1, 1]], 3)") { a in
                let depth = try a.int(1)
                guard depth >= 0 else { throw a.bad(1, "a depth ≥ 0", got: String(depth)) }
                let index = try a.tensor(0).value
                if index.rank == 0 {
                    let k = try a.int(0)
                    guard (0..<depth).contains(k) else { throw a.bad(0, "an index in 0..\(depth)", got: String(k)) }
                    return .tensor(try Tensor.oneHot([k], depth: depth).reshaped([depth]))
                }
                var indices: [Int] = []
                indices.reserveCapacity(index.count)
                for x in index.scalars {
                    guard x == x.rounded(), x >= 0, x < Double(depth) else {
                        throw a.bad(0, "indices in 0..\(depth)", got: "\(formatNumber(x))")
                    }
                    indices.append(Int(x))
                }
                return .tensor(try Tensor.oneHot(indices, depth: depth).reshaped(index.shape + [depth]))
            },
            Builtin("randn", "*shape, seed=none", "standard normal samples (mean 0, variance 1)", example: "randn(2, 3, seed=1)") { a in
                let shape = try a.restShape()
                return .tensor(try a.interpreter.withGenerator(seed: try a.optionalInt(0)) { g in try Tensor.randn(shape, using: &g) })
            },
            Builtin("rand", "*shape, low=0, high=1, seed=none", "uniform samples in [low, high)", example: "rand(3, seed=2)") { a in
                let shape = try a.restShape()
                let (low, high) = (try a.number(0), try a.number(1))
                return .tensor(try a.interpreter.withGenerator(seed: try a.optionalInt(2)) { g in
                    try Tensor.rand(shape, low: low, high: high, using: &g)
                })
            },
            Builtin("randint", "low, high, *shape, seed=none", "uniform whole numbers in low..high (high excluded)", example: "randint(0, 10, 5, seed=3)") { a in
                let (low, high) = (try a.int(0), try a.int(1))
                let shape = try a.restShape()
                return .tensor(try a.interpreter.withGenerator(seed: try a.optionalInt(2)) { g in
                    try Tensor.randint(low, high, shape: shape, using: &g)
                })
            },
            Builtin("seed", "n", "restarts the session's random generator at seed n", example: "seed(42); randn(2)") { a in
                a.interpreter.reseed(UInt64(bitPattern: Int64(try a.int(0))))
                return .none
            },
        ]
    }
}
