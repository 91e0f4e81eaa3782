import Synchronization
import TensorCore

/// A tensor recorded in the computation graph: a handle on one node of it.
///
/// Every operation on variables computes its value immediately (eager mode)
/// and records a new node that remembers its inputs and how to send a
/// gradient back to them (its *pullback*).
///
/// ```swift
/// let w = Variable(try Tensor(rows: [[0.5, -0.2], [0.1, 0.3]]))
/// let h = try w.matmul(Variable(Tensor([1, 2]))).tanh()
/// let dW = try grad(h.sum(), wrt: w).value
/// ```
///
/// **What the graph remembers.** `grad(y, wrt: x)` can only be asked about an `x`
/// somebody still holds. So when the last `Variable` pointing at a node goes away and
/// nothing held remains in that node's history, the history is released: the node keeps
/// its value and becomes a constant. A loop that carries a hidden state from one window
/// to the next therefore keeps one window's graph, not all of them. `x ± s`, where `s`
/// was computed from `grad(…, wrt: x)` — a parameter update — makes a new leaf, and
/// ``retire()`` lets the old `x` go once the update replaces it. The rules, and why they
/// keep every derivative a program can still ask for, are in `Node+HistoryRelease.swift`
/// and `Node+GradientStep.swift`.
///
/// Identity: ``id`` grows with creation order, so sorting nodes by `id` is a
/// topological order. Two handles on the same node have the same `id`.
///
/// - Note: `Variable` is `@unchecked Sendable` so it can cross concurrency
///   domains (a session actor, a task), but one graph — and every variable pointing
///   into it — must be used by one thread at a time: building, differentiating and
///   releasing variables all read and write the nodes without locking.
public final class Variable: @unchecked Sendable {
    let node: Node

    /// A handle on an existing node.
    init(node: Node) {
        self.node = node
        node.handles += 1
    }

    /// A leaf: a value with no history (a parameter, an input, a constant).
    ///
    /// Leaves are always created, even beyond the session's budget (whoever
    /// made the value checks it); only recording an operation is refused.
    public convenience init(_ value: Tensor) {
        self.init(node: Node(leaf: value))
    }

    /// A leaf holding a gradient: `value` is ∂y/∂x for the node of `x`. It behaves like any
    /// leaf, and it lets an update such as `x − η·g` be recognised as a gradient step.
    public convenience init(gradient value: Tensor, of x: Variable) {
        self.init(node: Node(leaf: value, gradientOf: x.id))
    }

    deinit {
        node.handles -= 1
        if node.handles == 0 { node.lostLastHandle() }
    }

    /// Stable, unique, increasing in creation order (process-wide).
    public var id: Int { node.id }
    /// The value computed when the node was recorded. Lent rather than copied, so reading
    /// `x.value.count` or `x.value.scalars[0]` retains nothing.
    public var value: Tensor {
        _read { yield node.value }
    }
    /// The operation that produced the node: `"leaf"`, `"add"`, `"matmul"`, `"tanh"`, ...
    public var op: String { node.op }
    /// The operands, in order. Empty for a leaf and for a node whose history was released.
    public var inputs: [Variable] { node.inputs.map(Variable.init(node:)) }
    /// The shape of ``value``.
    public var shape: [Int] { node.value.shape }
    /// The adjoint left here by the last backward pass that reached this node
    /// (∂y/∂self for the `y` of that pass), kept for inspection.
    public var grad: Tensor? { node.grad }
    /// True for a value returned as a gradient, and for values computed from one.
    public var derivesFromGradient: Bool { node.derivesFromGradient }

    /// Records an operation node. Every primitive in `Ops/` goes through here.
    ///
    /// Throws `limitExceeded` when the running session's budget has no room for
    /// another node or for the value's bytes (``ExecutionContext``).
    static func record(_ op: String, _ value: Tensor, _ inputs: [Node],
                       pullback: @escaping (_ adjoint: Tensor, _ needed: [Bool]) throws -> [Tensor?]) throws -> Variable {
        Variable(node: try Node(op: op, value: value, inputs: inputs, pullback: .dense(pullback)))
    }

    static func record(_ op: String, _ value: Tensor, _ inputs: [Variable],
                       pullback: @escaping (_ adjoint: Tensor, _ needed: [Bool]) throws -> [Tensor?]) throws -> Variable {
        try record(op, value, inputs.map(\.node), pullback: pullback)
    }

    /// Records an operation whose pullback may return unexpanded outer products or lines.
    static func recordFactored(_ op: String, _ value: Tensor, _ inputs: [Node],
                               pullback: @escaping (_ adjoint: Tensor, _ needed: [Bool]) throws -> [Cotangent?]) throws -> Variable {
        Variable(node: try Node(op: op, value: value, inputs: inputs, pullback: .factored(pullback)))
    }

    /// True when this value is a gradient step `x ± s` of this `x` (s computed from a
    /// gradient with respect to `x`).
    public func isUpdate(of x: Variable) -> Bool { node.updateOf != 0 && node.updateOf == x.id }

    /// Marks this value as replaced by its update: what was computed with it so far stops
    /// keeping its history for this value's sake, even while something still holds it.
    /// The language calls it when `W = W - lr * g` replaces `W`.
    public func retire() { Node.retire([node]) }

    /// Retires several values replaced at once, as when a list of parameters is replaced by
    /// the list of their updates (the same as retiring each, in less work).
    public static func retire(_ variables: [Variable]) { Node.retire(variables.map(\.node)) }

    /// A constant leaf with the same value: gradients stop here (stop-gradient).
    ///
    /// Use it to cut a value from its history on purpose. Values nobody can differentiate
    /// against lose their history on their own (see the type's documentation).
    public func detach() -> Variable { Variable(value) }

    /// The number of nodes currently alive in the process (all graphs together).
    public static var liveCount: Int { Node.live.load(ordering: .relaxed) }
}

extension Variable: CustomStringConvertible {
    /// `#12 tanh (3,)` — id, operation and shape.
    public var description: String { "#\(id) \(op) \(describeShape(shape))" }
}
