import TensorCore

/// Primitive operations: the forward value and its pullback side by side.
/// Broadcasting is undone by `unbroadcast(to:)` in every binary pullback.
extension Node {
    /// z = a ∘ b elementwise with broadcasting, for ∘ in + − × ÷ and power.
    ///
    /// ∂(a+b) = (g, g); ∂(a−b) = (g, −g); ∂(a·b) = (g·b, g·a); ∂(a/b) = (g/b, −g·a/b²);
    /// ∂(aᵇ) = (g·b·aᵇ⁻¹, g·aᵇ·ln a).
    static func binary(_ op: BinaryOperator, _ a: Node, _ b: Node) throws -> Node {
        let x = a.value, y = b.value
        let z: Tensor
        let rule: (Tensor) throws -> (Tensor, Tensor)
        switch op {
        case .add: z = try x + y; rule = { g in (g, g) }
        case .subtract: z = try x - y; rule = { g in (g, g.map { -$0 }) }
        case .multiply: z = try x * y; rule = { g in (try g * y, try g * x) }
        case .divide: z = try x / y; rule = { g in (try g / y, try (g * x / (y * y)).map { -$0 }) }
        case .power:
            z = try x.pow(y)
            rule = { g in
                let dx = try g * y * x.pow(try y - Tensor(1))
                let dy = try g * z * x.map { $0 > 0 ? Foundation_log($0) : 0 }
                return (dx, dy)
            }
        default:
            throw TensorError(.invalidArgument, op.rawValue, "'\(op.rawValue)' is not an arithmetic operator")
        }
        let name: String = ["+": "add", "-": "subtract", "*": "multiply", "/": "divide", "**": "power"][op.rawValue] ?? op.rawValue
        return Node(z, op: name, inputs: [a, b]) { g in
            let (ga, gb) = try rule(g)
            return [try ga.unbroadcast(to: x.shape), try gb.unbroadcast(to: y.shape)]
        }
    }

    /// y = f(x) elementwise, with `derivative(x, y)` = f′(x).
    static func unary(_ name: String, _ a: Node, _ f: (Tensor) throws -> Tensor,
                      derivative: @escaping (Tensor, Tensor) throws -> Tensor) throws -> Node {
        let x = a.value
        let y = try f(x)
        return Node(y, op: name, inputs: [a]) { g in [try g * derivative(x, y)] }
    }

    /// −x.   ∂ = −g
    func negated() -> Node {
        Node(value.map { -$0 }, op: "negate", inputs: [self]) { g in [g.map { -$0 }] }
    }

    /// A @ B with numpy's rules for vectors and matrices.   ∂A = g @ Bᵀ, ∂B = Aᵀ @ g (as matrices).
    func matmul(_ other: Node) throws -> Node {
        let a = value, b = other.value
        let z = try a.matmul(b)
        return Node(z, op: "matmul", inputs: [self, other]) { g in
            let a2 = a.rank == 1 ? try a.reshaped([1, a.count]) : a
            let b2 = b.rank == 1 ? try b.reshaped([b.count, 1]) : b
            let g2 = try g.reshaped([a2.shape[0], b2.shape[1]])
            let ga = try g2.matmul(try b2.transposed()).reshaped(a.shape)
            let gb = try a2.transposed().matmul(g2).reshaped(b.shape)
            return [ga, gb]
        }
    }

    /// Σ x over everything (axis nil) or one axis.   ∂ = g broadcast back.
    func sum(axis: Int? = nil, keepDims: Bool = false) throws -> Node {
        let x = value
        guard let axis else {
            return Node(x.sum(), op: "sum", inputs: [self]) { g in [try g.broadcast(to: x.shape)] }
        }
        let normalized = try Shape.normalizeAxis(axis, rank: x.rank, operation: "sum")
        let y = try x.sum(axis: normalized, keepDims: keepDims)
        var kept = x.shape
        kept[normalized] = 1
        return Node(y, op: "sum", inputs: [self]) { g in [try g.reshaped(kept).broadcast(to: x.shape)] }
    }

    /// max or min over everything (axis nil) or one axis.   ∂ = g at the extreme positions (shared on ties).
    func extreme(_ isMax: Bool, axis: Int? = nil, keepDims: Bool = false) throws -> Node {
        let x = value
        let name = isMax ? "max" : "min"
        var kept = x.shape
        let y: Tensor
        if let axis {
            let normalized = try Shape.normalizeAxis(axis, rank: x.rank, operation: name)
            y = isMax ? try x.max(axis: normalized, keepDims: keepDims) : try x.min(axis: normalized, keepDims: keepDims)
            kept[normalized] = 1
        } else {
            y = isMax ? try x.max() : try x.min()
            kept = [Int](repeating: 1, count: x.rank)
        }
        return Node(y, op: name, inputs: [self]) { g in
            let yb = try y.reshaped(kept).broadcast(to: x.shape)
            let mask = try x.compare(yb, .equal)
            let counts = try mask.sum(axis: nil, kept: kept).broadcast(to: x.shape)
            return [try g.reshaped(kept).broadcast(to: x.shape) * mask / counts]
        }
    }

    /// The same numbers in a new shape.   ∂ = g reshaped back.
    func reshaped(_ shape: [Int]) throws -> Node {
        let old = value.shape
        return Node(try value.reshaped(shape), op: "reshape", inputs: [self]) { g in [try g.reshaped(old)] }
    }

    /// Axes reordered.   ∂ = g with the inverse permutation.
    func permuted(_ order: [Int]) throws -> Node {
        var inverse = [Int](repeating: 0, count: order.count)
        let y = try value.permuted(order)
        for (i, o) in order.enumerated() { inverse[o] = i }
        return Node(y, op: order == [1, 0] ? "transpose" : "permute", inputs: [self]) { g in [try g.permuted(inverse)] }
    }

    /// Aᵀ for a matrix; a vector is returned unchanged.
    func transposed() throws -> Node {
        value.rank < 2 ? self : try permuted(Array((0..<value.rank).reversed()))
    }

    /// x[specs].   ∂ = g scattered into zeros of x's shape.
    func indexed(_ specs: [IndexSpec]) throws -> Node {
        let old = value.shape
        return Node(try value.indexed(specs), op: "index[\(specs.map(\.description).joined(separator: ", "))]", inputs: [self]) { g in
            [try Tensor.scatter(g, into: old, at: specs)]
        }
    }

    /// Joins tensors along an existing axis.   ∂ = g sliced into the pieces.
    static func concat(_ nodes: [Node], axis: Int) throws -> Node {
        let y = try Tensor.concat(nodes.map(\.value), axis: axis)
        let normalized = try Shape.normalizeAxis(axis, rank: y.rank, operation: "concat")
        let sizes = nodes.map { $0.value.shape[normalized] }
        return Node(y, op: "concat", inputs: nodes) { g in
            var start = 0
            return try sizes.map { size in
                var specs = [IndexSpec](repeating: .all, count: normalized)
                specs.append(.range(start: start, end: start + size, step: 1))
                start += size
                return try g.indexed(specs)
            }
        }
    }

    /// Stacks equally shaped tensors along a new axis.   ∂ = g indexed at each position.
    static func stack(_ nodes: [Node], axis: Int) throws -> Node {
        let y = try Tensor.stack(nodes.map(\.value), axis: axis)
        let normalized = try Shape.normalizeAxis(axis, rank: y.rank, operation: "stack")
        return Node(y, op: "stack", inputs: nodes) { g in
            try (0..<nodes.count).map { i in
                try g.indexed([IndexSpec](repeating: .all, count: normalized) + [.at(i)])
            }
        }
    }
}

import Foundation

/// Natural log, named to avoid the ambiguity with `Tensor.log` inside extensions.
@inline(__always) func Foundation_log(_ x: Double) -> Double { Foundation.log(x) }

extension Tensor {
    /// Sum reshaped to `kept` (all axes when `axis` is nil) — used by the max/min pullback.
    func sum(axis: Int?, kept: [Int]) throws -> Tensor {
        if axis == nil, kept.count == rank {
            var result = self
            for a in 0..<rank where kept[a] == 1 && shape[a] != 1 { result = try result.sum(axis: a, keepDims: true) }
            return result
        }
        return try reshaped(kept)
    }
}
