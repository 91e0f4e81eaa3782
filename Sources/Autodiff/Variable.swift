import Synchronization
import TensorCore

/// A node in the recorded computation graph.
///
/// Every operation on variables computes its value immediately (eager mode)
/// and records a new node that remembers its inputs and how to send a
/// gradient back to them (its *pullback*). The graph is the chain of `inputs`
/// references: a node holds its inputs strongly and nothing else, so a graph
/// that nobody refers to any more is freed by ARC — iteratively, so even a
/// chain of millions of nodes is released without deep recursion.
///
/// ```swift
/// let w = Variable(try Tensor(rows: [[0.5, -0.2], [0.1, 0.3]]))
/// let h = try w.matmul(Variable(Tensor([1, 2]))).tanh()
/// let dW = try grad(h.sum(), wrt: w).value
/// ```
///
/// Identity: `id` grows with creation order, so sorting nodes by `id` is a
/// topological order (inputs always exist before the node that uses them).
///
/// - Note: `Variable` is `@unchecked Sendable` so it can cross concurrency
///   domains (a session actor, a task), but one graph must be built and
///   differentiated by one thread at a time: `grad` is written during a
///   backward pass without locking.
public final class Variable: @unchecked Sendable {
    /// Sends the adjoint of this node's value back to its inputs.
    ///
    /// `needed[i]` says whether input `i` leads to a variable being
    /// differentiated; entries that are not needed may be returned as `nil`
    /// (and are ignored). A returned tensor must have the shape of its input.
    typealias Pullback = (_ adjoint: Tensor, _ needed: [Bool]) throws -> [Tensor?]

    /// Stable, unique, increasing in creation order (process-wide).
    public let id: Int
    /// The value computed when the node was recorded.
    public let value: Tensor
    /// The operation that produced the node: `"leaf"`, `"add"`, `"matmul"`, `"tanh"`, ...
    public let op: String
    /// The operands, in order. Empty for a leaf (and while the node is being freed).
    public var inputs: [Variable] { storedInputs }
    /// The shape of ``value``.
    public var shape: [Int] { value.shape }
    /// The adjoint left here by the last backward pass that reached this node
    /// (∂y/∂self for the `y` of that pass), kept for inspection.
    public internal(set) var grad: Tensor?

    private var storedInputs: [Variable]
    let pullback: Pullback?
    /// The budget of the session that made this node (``ExecutionContext/current``
    /// then), charged one node and the value's bytes while the node lives.
    private let budget: ResourceBudget?

    /// A leaf: a value with no history (a parameter, an input, a constant).
    ///
    /// Leaves are always created, even beyond the session's budget (whoever
    /// made the value checks it); only recording an operation is refused.
    public init(_ value: Tensor) {
        self.id = Variable.nextID.wrappingAdd(1, ordering: .relaxed).newValue
        self.value = value
        self.op = "leaf"
        self.storedInputs = []
        self.pullback = nil
        self.budget = Variable.chargeCurrentBudget(for: value)
        Variable.live.wrappingAdd(1, ordering: .relaxed)
    }

    private init(op: String, value: Tensor, inputs: [Variable], pullback: @escaping Pullback) {
        self.id = Variable.nextID.wrappingAdd(1, ordering: .relaxed).newValue
        self.value = value
        self.op = op
        self.storedInputs = inputs
        self.pullback = pullback
        self.budget = Variable.chargeCurrentBudget(for: value)
        Variable.live.wrappingAdd(1, ordering: .relaxed)
    }

    /// Records an operation node. Every primitive in `Ops/` goes through here.
    ///
    /// Throws `limitExceeded` when the running session's budget has no room for
    /// another node or for the value's bytes (``ExecutionContext``).
    static func record(_ op: String, _ value: Tensor, _ inputs: [Variable], pullback: @escaping Pullback) throws -> Variable {
        if let budget = ExecutionContext.current?.budget {
            try budget.admit(.graphNodes, 1, operation: op)
            try budget.admit(.tensorBytes, value.count * MemoryLayout<Double>.stride, operation: op)
        }
        return Variable(op: op, value: value, inputs: inputs, pullback: pullback)
    }

    private static func chargeCurrentBudget(for value: Tensor) -> ResourceBudget? {
        guard let budget = ExecutionContext.current?.budget else { return nil }
        budget.charge(.graphNodes, 1)
        budget.charge(.tensorBytes, value.count * MemoryLayout<Double>.stride)
        return budget
    }

    /// A constant leaf with the same value: gradients stop here (stop-gradient).
    ///
    /// Use it to cut a long-lived value (a carried hidden state) from its
    /// history so the old graph can be freed, as in truncated BPTT.
    public func detach() -> Variable { Variable(value) }

    /// Releases the graph without recursion: inputs that only this node holds
    /// are moved to a worklist and emptied there, so freeing a chain of a
    /// million nodes uses constant stack depth.
    deinit {
        Variable.live.wrappingSubtract(1, ordering: .relaxed)
        if let budget {
            budget.release(.graphNodes, 1)
            budget.release(.tensorBytes, value.count * MemoryLayout<Double>.stride)
        }
        guard !storedInputs.isEmpty else { return }
        var worklist = storedInputs
        storedInputs = []
        while var node = worklist.popLast() {
            if isKnownUniquelyReferenced(&node) {
                worklist.append(contentsOf: node.storedInputs)
                node.storedInputs = []
            }
            // `node` is released here; its own inputs are already empty (or it is shared).
        }
    }

    // MARK: Counters

    private static let nextID = Atomic<Int>(0)
    private static let live = Atomic<Int>(0)

    /// The number of nodes currently alive in the process (all graphs together).
    public static var liveCount: Int { live.load(ordering: .relaxed) }
}

extension Variable: CustomStringConvertible {
    /// `#12 tanh (3,)` — id, operation and shape.
    public var description: String { "#\(id) \(op) \(describeShape(shape))" }
}
