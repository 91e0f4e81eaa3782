import TensorCore

/// Elementwise functions (primitives, each with f′) and composites built from primitives.
extension Node {
    /// y = eˣ   dy/dx = y
    func exp() throws -> Node { try .unary("exp", self, { $0.exp() }, derivative: { _, y in y }) }
    /// y = ln x   dy/dx = 1/x
    func log() throws -> Node { try .unary("log", self, { $0.log() }, derivative: { x, _ in x.map { 1 / $0 } }) }
    /// y = tanh x   dy/dx = 1 − y²
    func tanh() throws -> Node { try .unary("tanh", self, { $0.tanh() }, derivative: { _, y in y.map { 1 - $0 * $0 } }) }
    /// y = σ(x) = 1/(1+e⁻ˣ)   dy/dx = y(1 − y)
    func sigmoid() throws -> Node { try .unary("sigmoid", self, { $0.sigmoid() }, derivative: { _, y in y.map { $0 * (1 - $0) } }) }
    /// y = max(x, 0)   dy/dx = [x > 0]
    func relu() throws -> Node { try .unary("relu", self, { $0.relu() }, derivative: { x, _ in x.map { $0 > 0 ? 1 : 0 } }) }
    /// y = √x   dy/dx = 1/(2y)
    func sqrt() throws -> Node { try .unary("sqrt", self, { $0.sqrt() }, derivative: { _, y in y.map { 1 / (2 * $0) } }) }
    /// y = |x|   dy/dx = sign x
    func abs() throws -> Node { try .unary("abs", self, { $0.abs() }, derivative: { x, _ in x.map { $0 > 0 ? 1 : ($0 < 0 ? -1 : 0) } }) }
    /// y = clip(x, lo, hi)   dy/dx = [lo < x < hi]
    func clip(_ low: Double, _ high: Double) throws -> Node {
        try .unary("clip", self, { try $0.clip(low, high) }, derivative: { x, _ in x.map { $0 > low && $0 < high ? 1 : 0 } })
    }
    /// Elementwise larger (or smaller) of two tensors.   ∂ goes to the chosen operand.
    static func choose(_ isMax: Bool, _ a: Node, _ b: Node) throws -> Node {
        let mask = try a.value.compare(b.value, isMax ? .greaterOrEqual : .lessOrEqual)
        let maskNode = Node(mask)
        let inverse = Node(mask.map { 1 - $0 })
        return try binary(.add, try binary(.multiply, a, maskNode), try binary(.multiply, b, inverse))
    }

    func scaled(_ c: Double) throws -> Node { try .binary(.multiply, self, Node(Tensor(c))) }

    /// Mean over everything or one axis: Σx / n.
    func mean(axis: Int? = nil, keepDims: Bool = false) throws -> Node {
        let s = try sum(axis: axis, keepDims: keepDims)
        let n = value.count / max(1, s.value.count)
        return try s.scaled(1 / Double(max(1, n)))
    }

    /// log Σ exp(x) = m + log Σ exp(x − m), with m = max x held constant.
    func logsumexp(axis: Int? = nil, keepDims: Bool = false) throws -> Node {
        guard value.count > 0 else { throw TensorError(.invalidArgument, "logsumexp", "cannot take the logsumexp of an empty tensor") }
        let m: Tensor
        if let axis { m = try value.max(axis: try Shape.normalizeAxis(axis, rank: value.rank, operation: "logsumexp"), keepDims: true) }
        else { m = try value.max() }
        let safe = m.map { $0.isFinite ? $0 : 0 }
        let shifted = try Node.binary(.subtract, self, Node(safe))
        let total = try shifted.exp().sum(axis: axis, keepDims: keepDims)
        let back = keepDims || axis == nil ? safe : try safe.reshaped(total.shape)
        return try Node.binary(.add, try total.log(), Node(back))
    }

    /// log softmax(x) = x − logsumexp(x) along `axis`.
    func logSoftmax(axis: Int = -1) throws -> Node {
        guard value.rank > 0 else { throw TensorError(.invalidArgument, "log_softmax", "needs a vector or matrix, got a scalar") }
        return try Node.binary(.subtract, self, try logsumexp(axis: axis, keepDims: true))
    }

    /// softmax(x)ᵢ = exp(xᵢ) / Σⱼ exp(xⱼ) along `axis`.
    func softmax(axis: Int = -1) throws -> Node { try logSoftmax(axis: axis).exp() }

    /// −log softmax(logits)[target], averaged over rows when `logits` is a matrix.
    func crossEntropy(targets: [Int]) throws -> Node {
        let logp = try logSoftmax(axis: -1)
        if value.rank == 1 {
            guard targets.count == 1 else { throw TensorError(.shapeMismatch, "cross_entropy", "a vector of logits needs one target, got \(targets.count)") }
            return try logp.indexed([.at(targets[0])]).negated()
        }
        guard value.rank == 2, targets.count == value.shape[0] else {
            throw TensorError(.shapeMismatch, "cross_entropy", "logits of shape \(describeShape(shape)) need \(value.shape.first ?? 0) targets, got \(targets.count)")
        }
        let picks = try targets.enumerated().map { try logp.indexed([.at($0.offset), .at($0.element)]) }
        return try Node.stack(picks, axis: 0).mean().negated()
    }

    /// ‖x‖ = √Σx² (Frobenius for matrices).   ∂ = g·x/‖x‖ (0 at x = 0).
    func norm() throws -> Node {
        let x = value
        let y = x.norm()
        let n = y.scalars.first ?? 0
        return Node(y, op: "norm", inputs: [self]) { g in
            [try x.map { n == 0 ? 0 : $0 / n } * g]
        }
    }

    /// a bᵀ for vectors a and b: (n,1) · (1,m).
    static func outer(_ a: Node, _ b: Node) throws -> Node {
        guard a.value.rank == 1, b.value.rank == 1 else {
            throw TensorError(.shapeMismatch, "outer", "expects two vectors, got shapes \(describeShape(a.shape)) and \(describeShape(b.shape))")
        }
        return try binary(.multiply, try a.reshaped([a.value.count, 1]), try b.reshaped([1, b.value.count]))
    }

    /// A vector becomes a diagonal matrix; a matrix gives its diagonal.
    func diag() throws -> Node {
        switch value.rank {
        case 1:
            let n = value.count
            return try Node.binary(.multiply, try reshaped([1, n]), Node(try Tensor.identity(n)))
        case 2:
            let k = min(value.shape[0], value.shape[1])
            let picks = try (0..<k).map { try indexed([.at($0), .at($0)]) }
            return k == 0 ? Node(try value.diag()) : try Node.stack(picks, axis: 0)
        default:
            throw TensorError(.shapeMismatch, "diag", "expects a vector or a matrix, got shape \(describeShape(shape))")
        }
    }
}
