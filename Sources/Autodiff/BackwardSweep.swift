import TensorCore

/// One reverse-mode sweep from an output down to the earliest target, reusable
/// with different seeds (a Jacobian runs one sweep per output element).
///
/// Nodes are gathered iteratively (no recursion, so deep graphs are fine) and
/// processed in decreasing `id`, which is a reverse topological order. Only
/// nodes created no earlier than the earliest target can lie on a path to it,
/// and only inputs that lead to some target receive an adjoint, so branches
/// that cannot reach a target (e.g. the weights, when differentiating with
/// respect to a hidden state) cost nothing. All targets are served by the same
/// sweep, so `grads(L, wrt: [W1, W2, …])` walks the graph once.
struct BackwardSweep {
    /// The gathered nodes in creation order; positions in this array are the sweep's local indices.
    private let nodes: [Node]
    /// The local index of each input of each node (node k's inputs start at `inputStart[k]`),
    /// or −1 for an input older than the earliest target.
    private let inputSlots: [Int]
    private let inputStart: [Int]
    /// For each node, whether each input leads to a target (all-true masks are shared).
    private let needed: [[Bool]]
    /// Whether each node lies on a path from a target to the output.
    private let relevant: [Bool]
    /// The local index of each target, or nil when it was not gathered (not an ancestor).
    private let targetSlots: [Int?]
    /// Whether each node is one of the targets (its adjoint is kept to the end).
    private let isTarget: [Bool]

    init(output: Node, targets: [Node]) {
        let floor = targets.map(\.id).min() ?? Int.max
        let walk = Node.nextWalk()
        output.sweepMark = walk
        var stack = [output]
        var gathered: [Node] = []
        while let node = stack.popLast() {
            gathered.append(node)
            for input in node.inputs where input.id >= floor && input.sweepMark != walk {
                input.sweepMark = walk
                stack.append(input)
            }
        }
        gathered.sortByID()
        for (slot, node) in gathered.enumerated() { node.sweepSlot = slot }
        let targetSlots = targets.map { $0.sweepMark == walk ? $0.sweepSlot : nil }
        var isTarget = [Bool](repeating: false, count: gathered.count)
        for case let slot? in targetSlots { isTarget[slot] = true }

        var relevant = [Bool](repeating: false, count: gathered.count)
        var inputSlots: [Int] = [], inputStart: [Int] = []
        var needed: [[Bool]] = []
        inputStart.reserveCapacity(gathered.count + 1)
        needed.reserveCapacity(gathered.count)
        let allNeeded = [[], [true], [true, true], [true, true, true]]
        // Forward over creation order: a node is relevant if it is a target or uses a relevant node.
        for (slot, node) in gathered.enumerated() {
            inputStart.append(inputSlots.count)
            var all = true, any = false
            for input in node.inputs {
                let inputSlot = input.sweepMark == walk ? input.sweepSlot : -1
                inputSlots.append(inputSlot)
                let leads = inputSlot >= 0 && relevant[inputSlot]
                all = all && leads
                any = any || leads
            }
            let count = node.inputs.count
            if all && count < allNeeded.count {
                needed.append(allNeeded[count])
            } else {
                needed.append(inputSlots[inputStart[slot]...].map { $0 >= 0 && relevant[$0] })
            }
            relevant[slot] = isTarget[slot] || any
        }
        inputStart.append(inputSlots.count)
        self.nodes = gathered
        self.inputSlots = inputSlots
        self.inputStart = inputStart
        self.needed = needed
        self.relevant = relevant
        self.targetSlots = targetSlots
        self.isTarget = isTarget
    }

    /// True when every target lies on a path into the output.
    var reachesEveryTarget: Bool {
        targetSlots.allSatisfy { slot in slot.map { relevant[$0] } ?? false }
    }

    /// Whether target `i` lies on a path into the output.
    func reaches(target i: Int) -> Bool {
        targetSlots[i].map { relevant[$0] } ?? false
    }

    /// Propagates `seed` (the adjoint of the output) and returns each target's
    /// adjoint, nil for a target the output does not depend on. With
    /// `storeGrads`, every node that receives an adjoint keeps it in `grad`. Checks for
    /// an interrupt or a deadline (``ExecutionContext``) every 1024 nodes.
    ///
    /// With `throughTargets: false` the sweep stops at the targets, so a target below
    /// another gets only the paths that avoid it: partial derivatives that treat every
    /// target as an independent variable (what collapsing a history needs).
    func run(seed: Tensor, storeGrads: Bool, throughTargets: Bool = true) throws -> [Tensor?] {
        guard let top = nodes.indices.last, relevant[top] else { return targetSlots.map { _ in nil } }
        var sums = [AdjointSum?](repeating: nil, count: nodes.count)
        sums[top] = AdjointSum(dense: seed)
        var totals = [Tensor?](repeating: nil, count: nodes.count)
        for slot in stride(from: top, through: 0, by: -1) where relevant[slot] {
            if slot & 1023 == 0 { try ExecutionContext.checkpoint("grad") }
            guard let sum = sums[slot].take() else { continue }
            let node = nodes[slot]
            let adjoint = try sum.total(of: node)
            if storeGrads { node.grad = adjoint }
            if isTarget[slot] {
                totals[slot] = adjoint
                if !throughTargets { continue }
            }
            let mask = needed[slot]
            guard mask.contains(true), let pullback = node.pullback else { continue }
            switch pullback {
            case .dense(let pullback):
                let inputGrads = try pullback(adjoint, mask)
                try check(inputGrads.count, node, mask)
                for k in mask.indices where mask[k] {
                    if let g = inputGrads[k] { try add(.dense(g), from: node, to: inputSlots[inputStart[slot] + k], &sums) }
                }
            case .factored(let pullback):
                let inputGrads = try pullback(adjoint, mask)
                try check(inputGrads.count, node, mask)
                for k in mask.indices where mask[k] {
                    if let g = inputGrads[k] { try add(g, from: node, to: inputSlots[inputStart[slot] + k], &sums) }
                }
            }
        }
        return targetSlots.map { slot in slot.flatMap { totals[$0] } }
    }

    private func check(_ count: Int, _ node: Node, _ mask: [Bool]) throws {
        guard count == mask.count else {
            throw TensorError(.invalidArgument, "grad",
                "internal: the pullback of '\(node.op)' returned \(count) gradients for \(mask.count) inputs")
        }
    }

    private func add(_ g: Cotangent, from node: Node, to target: Int, _ sums: inout [AdjointSum?]) throws {
        let expected = nodes[target].value.shape
        guard g.hasShape(expected) else {
            throw TensorError(.shapeMismatch, "grad",
                "internal: the pullback of '\(node.op)' returned shape \(describeShape(g.shape)) for an input of shape \(describeShape(expected))")
        }
        if sums[target] == nil { sums[target] = AdjointSum() }
        try sums[target]!.add(g)
    }
}

/// An adjoint being summed: a dense part, and outer products `u vᵀ` kept as their
/// factors until the total is needed, when they are added with one matrix product
/// `[u₁ … u_k] [v₁ … v_k]ᵀ` (a weight used at T steps costs one GEMM, not T matrices).
struct AdjointSum {
    private var dense: Tensor?
    private var left: [Tensor] = []
    private var right: [Tensor] = []
    private var lines: [(axis: Int, position: Int, vector: Tensor)] = []

    init(dense: Tensor? = nil) { self.dense = dense }

    mutating func add(_ g: Cotangent) throws {
        switch g {
        case .dense(let t):
            guard let existing = dense else { dense = t; return }
            dense = nil
            dense = try AdjointSum.sum(existing, t)
        case .outer(let u, let v):
            left.append(u)
            right.append(v)
        case .line(let axis, let position, let vector, _):
            lines.append((axis, position, vector))
        }
    }

    /// The dense total, shaped like `node`'s value. A lone dense adjoint (the usual case) is
    /// handed over as it is, without a copy.
    consuming func total(of node: Node) throws -> Tensor {
        if lines.isEmpty, left.isEmpty, let dense = dense.take() { return dense }
        return try total(shape: node.value.shape)
    }

    /// The dense total, of the given shape.
    func total(shape: [Int]) throws -> Tensor {
        if lines.isEmpty {
            guard !left.isEmpty else { return try dense ?? Tensor.zeros(shape) }
            if left.count == 1, dense == nil { return try Tensor.outer(left[0], right[0]) }
            if dense == nil {
                // Outer products only: the GEMM writes every element, so nothing is cleared first.
                let count = shape.reduce(1, *)
                let out = try [Double](unsafeUninitializedCapacity: count) { buffer, initialized in
                    try addOuterProducts(into: buffer, beta: 0)
                    initialized = count
                }
                return try Tensor(shape: shape, scalars: out)
            }
        }
        var out = dense?.scalars ?? [Double](repeating: 0, count: shape.reduce(1, *))
        if !left.isEmpty { try out.withUnsafeMutableBufferPointer { try addOuterProducts(into: $0, beta: 1) } }
        if !lines.isEmpty {
            let columns = shape[1]
            out.withUnsafeMutableBufferPointer { c in
                for (axis, position, vector) in lines {
                    vector.scalars.withUnsafeBufferPointer { v in
                        if axis == 0 {
                            for j in v.indices { c[position * columns + j] += v[j] }
                        } else {
                            for i in v.indices { c[i * columns + position] += v[i] }
                        }
                    }
                }
            }
        }
        return try Tensor(shape: shape, scalars: out)
    }

    /// `out = beta · out + [u₁ … u_k] [v₁ … v_k]ᵀ`, as one GEMM (with `beta` 0, `out` is only written).
    private func addOuterProducts(into out: UnsafeMutableBufferPointer<Double>, beta: Double) throws {
        let m = left[0].count, n = right[0].count, k = left.count
        let p = AdjointSum.packed(left, each: m), q = AdjointSum.packed(right, each: n)
        try p.withUnsafeBufferPointer { pp in
            try q.withUnsafeBufferPointer { qq in
                try Tensor.gemm(transposeA: true, m: m, n: n, k: k, a: pp, lda: m, b: qq, ldb: n,
                                beta: beta, c: out, ldc: n)
            }
        }
    }

    /// The vectors' scalars one after another (each has `each` of them), written into one
    /// array allocated at its final size (`flatMap` grew it step by step, copying it each time).
    private static func packed(_ vectors: [Tensor], each: Int) -> [Double] {
        guard each > 0, vectors.allSatisfy({ $0.count == each }) else { return vectors.flatMap(\.scalars) }
        return [Double](unsafeUninitializedCapacity: vectors.count * each) { buffer, initialized in
            guard let target = buffer.baseAddress else { return }
            var offset = 0
            for vector in vectors {
                vector.scalars.withUnsafeBufferPointer { source in
                    if let from = source.baseAddress { (target + offset).initialize(from: from, count: each) }
                }
                offset += each
            }
            initialized = offset
        }
    }

    /// `a + b` for equal shapes, in place when `a` holds the only copy of its storage.
    private static func sum(_ a: consuming Tensor, _ b: Tensor) throws -> Tensor {
        var scalars = a.scalars
        _ = consume a
        b.scalars.withUnsafeBufferPointer { add in
            scalars.withUnsafeMutableBufferPointer { total in
                for i in total.indices { total[i] += add[i] }
            }
        }
        return try Tensor(shape: b.shape, scalars: scalars)
    }
}

extension Cotangent {
    /// The shape of the tensor this cotangent stands for.
    var shape: [Int] {
        switch self {
        case .dense(let t): return t.shape
        case .outer(let u, let v): return [u.count, v.count]
        case .line(_, _, _, let shape): return shape
        }
    }

    /// Whether ``shape`` equals `expected` (without building the shape of an outer product).
    func hasShape(_ expected: [Int]) -> Bool {
        switch self {
        case .dense(let t): return t.shape == expected
        case .outer(let u, let v): return expected.count == 2 && expected[0] == u.count && expected[1] == v.count
        case .line(_, _, _, let shape): return shape == expected
        }
    }
}
