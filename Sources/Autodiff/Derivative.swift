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

/// The gradients of a one-element `y` with respect to each of `xs`, from one backward sweep.
///
/// Each `x` may be any node of y's history; a target y does not depend on gets zeros
/// and a note. Asking for the same node twice gives the same gradient twice.
public func grads(_ y: Variable, wrt xs: [Variable]) throws -> [Derivative] {
    guard y.value.count == 1 else {
        throw TensorError(.invalidArgument, "grad",
            "grad needs an output with exactly one element, got shape \(describeShape(y.shape)); reduce it first (e.g. sum()) or use jacobian")
    }
    let sweep = BackwardSweep(output: y.node, targets: xs.map(\.node))
    let adjoints = try sweep.run(seed: Tensor.ones(y.shape), storeGrads: true)
    return zip(xs, adjoints).map { x, adjoint in
        if let adjoint { return Derivative(value: adjoint) }
        return Derivative(value: Tensor.zeros(like: x.value),
                          note: "\(x) is not an ancestor of \(y); its gradient is zero")
    }
}

/// Runs a full backward pass from a one-element `y`, leaving ∂y/∂v in
/// ``Variable/grad`` for every node v of its graph (leaves and intermediates),
/// for inspection with ``GraphDump``. Prefer ``grads(_:wrt:)`` when only some
/// gradients are wanted: it skips branches that do not lead to them.
public func backward(_ y: Variable) throws {
    let leaves = GraphDump.nodes(reachableFrom: y).filter { $0.node.inputs.isEmpty }
    _ = try grads(y, wrt: leaves.isEmpty ? [y] : leaves)
}

/// The Jacobian ∂y/∂x for any node `x` in y's history, of shape `y.shape + x.shape`:
/// `J[i…, j…] = ∂y[i…] / ∂x[j…]`.
///
/// It runs one backward sweep per element of `y`, seeded with a one-hot adjoint.
/// When `y.rank + x.rank` is above ``TensorCore/TensorLimits/maxRank`` (4) the
/// result is the matrix of shape `(y.count, x.count)` over flattened indices,
/// and the note says so. Unlike ``grad(_:wrt:)`` it leaves ``Variable/grad`` untouched.
///
/// Between sweeps it checks for an interrupt or a deadline (``ExecutionContext/checkpoint(_:)``).
///
/// - Complexity: `y.count` backward sweeps.
public func jacobian(_ y: Variable, wrt x: Variable) throws -> Derivative {
    try jacobians(y, wrt: [x])[0]
}

/// The Jacobians ∂y/∂x for each of `xs`, from the same `y.count` backward sweeps.
///
/// - Complexity: `y.count` backward sweeps, each serving every target.
public func jacobians(_ y: Variable, wrt xs: [Variable]) throws -> [Derivative] {
    let m = y.value.count
    var shapes: [[Int]] = [], notes: [String?] = []
    for x in xs {
        let n = x.value.count
        var fullShape = y.shape + x.shape
        var note: String?
        if fullShape.count > TensorLimits.maxRank {
            fullShape = [m, n]
            note = "the jacobian of a \(describeShape(y.shape)) output with respect to a \(describeShape(x.shape)) input has rank \(y.value.rank + x.value.rank), above \(TensorLimits.maxRank); it is returned as a (\(m), \(n)) matrix over flattened indices"
        }
        _ = try Shape.checkedCount([m, n], operation: "jacobian")
        shapes.append(fullShape)
        notes.append(note)
    }
    _ = try Shape.checkedCount([m, xs.reduce(0) { $0 + $1.value.count }], operation: "jacobian")
    let sweep = BackwardSweep(output: y.node, targets: xs.map(\.node))
    let reached = xs.indices.map { sweep.reaches(target: $0) }
    var rows = xs.map { x -> [Double] in
        var r = [Double]()
        r.reserveCapacity(m * x.value.count)
        return r
    }
    if reached.contains(true) {
        var seed = [Double](repeating: 0, count: m)
        for i in 0..<m {
            try ExecutionContext.checkpoint("jacobian")
            seed[i] = 1
            let adjoints = try sweep.run(seed: Tensor(shape: y.shape, scalars: seed), storeGrads: false)
            for (k, x) in xs.enumerated() where reached[k] {
                rows[k].append(contentsOf: adjoints[k]?.scalars ?? [Double](repeating: 0, count: x.value.count))
            }
            seed[i] = 0
        }
    }
    return try xs.indices.map { k in
        guard reached[k] else {
            return Derivative(value: try Tensor.zeros(shapes[k]),
                              note: "\(xs[k]) is not an ancestor of \(y); its jacobian is zero")
        }
        return Derivative(value: try Tensor(shape: shapes[k], scalars: rows[k]), note: notes[k])
    }
}
