import TensorCore

/// A derivative read off the graph, with an explanation when it is trivially zero.
public struct Derivative: Sendable {
    /// ∂y/∂x: the gradient (shape of x) or the Jacobian (shape y.shape + x.shape).
    public let value: Tensor
    /// Set when the value needs a word of explanation, e.g. x is not an ancestor
    /// of y (the value is then zeros) or a Jacobian was flattened to a matrix.
    public let note: String?

    public init(value: Tensor, note: String? = nil) {
        self.value = value
        self.note = note
    }
}

/// The gradient ∂y/∂x of a one-element `y` with respect to any node `x` of its history.
///
/// `x` may be a leaf (a parameter) or an intermediate result (a hidden state
/// h₁ inside an unrolled RNN): the adjoint is read where `x` sits in the graph,
/// i.e. the sum over every path from `x` to `y`. If `x` is not an ancestor of
/// `y` the result is zeros of x's shape with a note.
///
/// The pass also stores each visited node's adjoint in its ``Variable/grad``.
///
/// - Throws: `invalidArgument` when `y` does not hold exactly one element
///   (use ``jacobian(_:wrt:)`` or reduce `y` first).
/// - Complexity: one backward sweep over the nodes created after `x`.
public func grad(_ y: Variable, wrt x: Variable) throws -> Derivative {
    try grads(y, wrt: [x])[0]
}

/// The gradients of a one-element `y` with respect to each of `xs`, in one backward pass.
public func grads(_ y: Variable, wrt xs: [Variable]) throws -> [Derivative] {
    guard y.value.count == 1 else {
        throw TensorError(.invalidArgument, "grad",
            "grad needs an output with exactly one element, got shape \(describeShape(y.shape)); reduce it first (e.g. sum()) or use jacobian")
    }
    let sweep = BackwardSweep(output: y, targets: xs)
    let adjoints = try sweep.run(seed: Tensor.ones(y.shape), storeGrads: true)
    return xs.map { x in
        if let adjoint = adjoints[x.id] { return Derivative(value: adjoint) }
        return Derivative(value: Tensor.zeros(like: x.value),
                          note: "\(x) is not an ancestor of \(y); its gradient is zero")
    }
}

/// The Jacobian ∂y/∂x for any node `x` in y's history, of shape `y.shape + x.shape`:
/// `J[i…, j…] = ∂y[i…] / ∂x[j…]`.
///
/// It runs one backward sweep per element of `y`, seeded with a one-hot adjoint.
/// When `y.rank + x.rank` is above ``TensorCore/TensorLimits/maxRank`` (4) the
/// result is the matrix of shape `(y.count, x.count)` over flattened indices,
/// and the note says so. Unlike ``grad(_:wrt:)`` it leaves ``Variable/grad`` untouched.
///
/// - Complexity: `y.count` backward sweeps.
public func jacobian(_ y: Variable, wrt x: Variable) throws -> Derivative {
    let m = y.value.count, n = x.value.count
    var fullShape = y.shape + x.shape
    var note: String?
    if fullShape.count > TensorLimits.maxRank {
        fullShape = [m, n]
        note = "the jacobian of a \(describeShape(y.shape)) output with respect to a \(describeShape(x.shape)) input has rank \(y.value.rank + x.value.rank), above \(TensorLimits.maxRank); it is returned as a (\(m), \(n)) matrix over flattened indices"
    }
    _ = try Shape.checkedCount([m, n], operation: "jacobian")
    let sweep = BackwardSweep(output: y, targets: [x])
    guard sweep.reaches(x) else {
        return Derivative(value: try Tensor.zeros(fullShape),
                          note: "\(x) is not an ancestor of \(y); its jacobian is zero")
    }
    var rows = [Double]()
    rows.reserveCapacity(m * n)
    var seed = [Double](repeating: 0, count: m)
    for i in 0..<m {
        seed[i] = 1
        let adjoints = try sweep.run(seed: Tensor(shape: y.shape, scalars: seed), storeGrads: false)
        rows.append(contentsOf: adjoints[x.id]?.scalars ?? [Double](repeating: 0, count: n))
        seed[i] = 0
    }
    return Derivative(value: try Tensor(shape: fullShape, scalars: rows), note: note)
}

/// One reverse-mode sweep from `output` down to the earliest target, reusable
/// with different seeds (for Jacobians).
///
/// Nodes are gathered iteratively (no recursion, so deep graphs are fine) and
/// processed in decreasing `id`, which is a reverse topological order. Only
/// nodes created after the earliest target can lie on a path to it, and only
/// inputs that lead to some target receive an adjoint.
struct BackwardSweep {
    /// Nodes that lie between a target and the output, newest first.
    private var order: [Variable] = []
    /// For each node id in `order`: which inputs lead to a target.
    private var needed: [Int: [Bool]] = [:]
    private let output: Variable
    private var relevant: Set<Int> = []

    init(output: Variable, targets: [Variable]) {
        self.output = output
        let targetIDs = Set(targets.map(\.id))
        let floor = targets.map(\.id).min() ?? Int.max
        // Gather the nodes reachable from the output whose id is not below the earliest target.
        var seen: Set<Int> = [output.id]
        var stack = [output]
        var nodes: [Variable] = []
        while let node = stack.popLast() {
            nodes.append(node)
            for input in node.inputs where input.id >= floor && !seen.contains(input.id) {
                seen.insert(input.id)
                stack.append(input)
            }
        }
        nodes.sort { $0.id < $1.id }
        // Forward over creation order: a node is relevant if it is a target or uses a relevant node.
        for node in nodes {
            if targetIDs.contains(node.id) { relevant.insert(node.id) }
            let mask = node.inputs.map { relevant.contains($0.id) }
            if mask.contains(true) {
                relevant.insert(node.id)
                needed[node.id] = mask
            }
        }
        order = nodes.reversed().filter { relevant.contains($0.id) }
    }

    /// True if `x` lies on a path into the output.
    func reaches(_ x: Variable) -> Bool { relevant.contains(x.id) }

    /// Propagates `seed` (the adjoint of the output) and returns every relevant node's adjoint by id.
    func run(seed: Tensor, storeGrads: Bool) throws -> [Int: Tensor] {
        var adjoints: [Int: Tensor] = [:]
        guard relevant.contains(output.id) else { return adjoints }
        adjoints[output.id] = seed
        for node in order {
            guard let adjoint = adjoints[node.id] else { continue }
            if storeGrads { node.grad = adjoint }
            guard let mask = needed[node.id], let pullback = node.pullback else { continue }
            let inputGrads = try pullback(adjoint, mask)
            for (k, input) in node.inputs.enumerated() where mask[k] {
                guard let g = inputGrads[k] else { continue }
                guard g.shape == input.shape else {
                    throw TensorError(.shapeMismatch, "grad",
                        "internal: the pullback of '\(node.op)' returned shape \(describeShape(g.shape)) for an input of shape \(describeShape(input.shape))")
                }
                if let existing = adjoints[input.id] {
                    adjoints[input.id] = try existing + g
                } else {
                    adjoints[input.id] = g
                }
            }
        }
        return adjoints
    }
}
