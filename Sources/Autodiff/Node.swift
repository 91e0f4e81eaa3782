import Synchronization
import TensorCore

/// A node of the recorded graph: a value, the operation that made it, its inputs and
/// the pullback that sends an adjoint back to them.
///
/// Programs never hold nodes directly. They hold ``Variable``s, handles that point at
/// nodes; a node counts its handles, and a node without handles can only be reached
/// through the nodes computed from it. That count is what lets the graph forget history
/// nobody can differentiate any more (see `Node+HistoryRelease.swift`).
///
/// A node holds its inputs strongly and nothing else holds nodes, so a graph nobody
/// refers to is freed by ARC — iteratively, so a chain of millions is released
/// without deep recursion. Pullbacks capture tensors and shapes, never nodes.
///
/// The mutable fields are `@exclusivity(unchecked)`: a graph is used by one thread at a
/// time, no method holds a field's access across a call that touches the same field of
/// the same node, and the dynamic checks (an access set entered and left on every append to
/// `dependents`, every `witness` change) cost about 2% of a training loop's instructions.
final class Node: @unchecked Sendable {
    /// Sends the adjoint of this node's value back to its inputs.
    ///
    /// `needed[i]` says whether input `i` leads to a node being differentiated; entries
    /// that are not needed may be returned as `nil` (and are ignored).
    enum Pullback {
        /// One dense tensor per input, shaped like it.
        case dense((_ adjoint: Tensor, _ needed: [Bool]) throws -> [Tensor?])
        /// A cotangent per input, which may be an unexpanded outer product.
        case factored((_ adjoint: Tensor, _ needed: [Bool]) throws -> [Cotangent?])
    }

    /// Stable, unique, increasing in creation order (process-wide), so sorting by id
    /// is a topological order.
    let id: Int
    let value: Tensor
    /// `"leaf"`, `"add"`, `"matmul"`, …; `"collapsed"` for a history summarised by its
    /// derivatives (`Node+HistoryRelease.swift`).
    @exclusivity(unchecked) var op: String
    /// The operands, in order; empty for a leaf, and emptied when the history is released.
    @exclusivity(unchecked) var inputs: [Node]
    @exclusivity(unchecked) var pullback: Pullback?
    /// The adjoint left by the last backward pass that reached this node.
    @exclusivity(unchecked) var grad: Tensor?

    /// How many ``Variable`` handles point at this node.
    @exclusivity(unchecked) var handles = 0
    /// The node whose change may let this node's history go, set when this node lost its
    /// last handle: a held node in its history (while that stays held, the history is
    /// needed) or, for a single number, the number in front of a larger graph
    /// (`Node+HistoryRelease.swift`).
    @exclusivity(unchecked) var witness: Node?
    /// The nodes whose ``witness`` this node is (unretained: each removes itself when
    /// its witness changes or it is freed), and this node's position in its witness's list.
    @exclusivity(unchecked) var dependents: [Unmanaged<Node>] = []
    @exclusivity(unchecked) var dependentIndex = -1
    /// For a gradient returned by `grad` or `jacobian`: the id of the node it is the
    /// gradient with respect to (`0` otherwise).
    let gradientOf: Int
    /// True when the history holds such a gradient.
    let derivesFromGradient: Bool
    /// For the result of a gradient step: the id of the parameter it updates (`0` otherwise).
    let updateOf: Int
    /// Nonzero once an update has replaced this node: the largest id at that moment.
    /// Nodes that used it before then no longer keep their history for its sake.
    @exclusivity(unchecked) var retiredAfter = 0

    /// Scratch for graph walks (one walk at a time per graph): the walk's number, and
    /// the node's position in a backward sweep.
    @exclusivity(unchecked) var walkMark = 0
    @exclusivity(unchecked) var sweepMark = 0
    @exclusivity(unchecked) var sweepSlot = 0
    /// The budget of the session that made this node (``ExecutionContext/current``
    /// then), charged one node and the value's bytes while the node lives.
    private let budget: ResourceBudget?

    /// A leaf: a value with no history. Leaves are always made, even beyond the
    /// session's budget (whoever made the value checks it); only recording an operation
    /// is refused. `gradientOf` marks a gradient (the id of its target); `updating`, a
    /// gradient step (the id of the parameter it updates).
    init(leaf value: Tensor, gradientOf target: Int = 0, updating parameter: Int = 0) {
        id = Node.nextID.wrappingAdd(1, ordering: .relaxed).newValue
        self.value = value
        op = "leaf"
        inputs = []
        pullback = nil
        gradientOf = target
        derivesFromGradient = target != 0
        budget = Node.chargeCurrentBudget(for: value)
        updateOf = parameter
        Node.live.wrappingAdd(1, ordering: .relaxed)
    }

    /// An operation node; throws `limitExceeded` when the running session's budget has
    /// no room for another node or for the value's bytes (``ExecutionContext``).
    init(op: String, value: Tensor, inputs: [Node], pullback: Pullback) throws {
        let budget = ExecutionContext.current?.budget
        if let budget {
            try budget.admit(.graphNodes, 1, operation: op)
            try budget.admit(.tensorBytes, value.count * MemoryLayout<Double>.stride, operation: op)
        }
        id = Node.nextID.wrappingAdd(1, ordering: .relaxed).newValue
        self.value = value
        self.op = op
        self.inputs = inputs
        self.pullback = pullback
        gradientOf = 0
        updateOf = 0
        derivesFromGradient = inputs.contains { $0.derivesFromGradient }
        self.budget = budget
        Node.charge(budget, for: value)
        Node.live.wrappingAdd(1, ordering: .relaxed)
    }

    private static func chargeCurrentBudget(for value: Tensor) -> ResourceBudget? {
        let budget = ExecutionContext.current?.budget
        charge(budget, for: value)
        return budget
    }

    private static func charge(_ budget: ResourceBudget?, for value: Tensor) {
        guard let budget else { return }
        budget.charge(.graphNodes, 1)
        budget.charge(.tensorBytes, value.count * MemoryLayout<Double>.stride)
    }

    /// Releases the graph without recursion: inputs that only this node holds are moved
    /// to a worklist and emptied there, so freeing a chain of a million nodes uses
    /// constant stack depth. The witness is released the same way. Gives the node and
    /// its bytes back to the budget that was charged for them.
    deinit {
        Node.live.wrappingSubtract(1, ordering: .relaxed)
        if let budget {
            budget.release(.graphNodes, 1)
            budget.release(.tensorBytes, value.count * MemoryLayout<Double>.stride)
        }
        guard !inputs.isEmpty || witness != nil else { return }
        var worklist = inputs
        if let w = witness {
            w.removeDependent(at: dependentIndex)
            worklist.append(w)
        }
        inputs = []
        witness = nil
        while var node = worklist.popLast() {
            if isKnownUniquelyReferenced(&node) {
                worklist.append(contentsOf: node.inputs)
                if let w = node.witness { worklist.append(w) }
                node.inputs = []
                node.setWitness(nil)
            }
            // `node` is released here; its own inputs are already empty (or it is shared).
        }
    }

    // MARK: Counters

    private static let nextID = Atomic<Int>(0)
    /// The id most recently given out.
    static var newestID: Int { nextID.load(ordering: .relaxed) }
    static let live = Atomic<Int>(0)
    private static let walks = Atomic<Int>(0)

    /// A fresh number for one graph walk (marks from earlier walks never match it).
    static func nextWalk() -> Int { walks.wrappingAdd(1, ordering: .relaxed).newValue }
}

/// What a pullback returns for one input: a dense tensor, the outer product `u vᵀ` of
/// two vectors left unexpanded, or one row or column of an otherwise zero matrix. A weight used at every step of a recurrence gets one
/// outer product per step; the backward sweep keeps them as a list and adds them all with
/// one matrix product at the end, instead of writing a full matrix per step.
enum Cotangent {
    case dense(Tensor)
    case outer(Tensor, Tensor)
    /// A matrix that is zero except for one row (`axis` 0) or column (`axis` 1), at
    /// `position`, which holds `vector`: the gradient of picking `W[i]` or `W[:, j]`.
    case line(axis: Int, position: Int, vector: Tensor, shape: [Int])
}

extension Array where Element == Node {
    /// Sorts distinct nodes by id, that is in creation order (a topological order).
    ///
    /// The nodes a backward sweep gathers, or that lose their witness together, are mostly
    /// a run of consecutive ids (one window of a training loop): when the ids span at most
    /// four times as many numbers as there are nodes, each node is placed at its id's offset
    /// in a table and read back in order, in time proportional to the span and without
    /// comparisons; otherwise (or should two nodes share an id) the nodes are sorted by
    /// comparison. The references are only permuted, so no reference count changes.
    mutating func sortByID() {
        guard count > 1 else { return }
        let done: Bool = withUnsafeMutableBufferPointer { buffer in
            buffer.withMemoryRebound(to: Unmanaged<Node>.self) { slots in
                var low = Int.max, high = Int.min
                for slot in slots {
                    let id = slot._withUnsafeGuaranteedRef { $0.id }
                    low = Swift.min(low, id)
                    high = Swift.max(high, id)
                }
                guard high - low < 4 * slots.count else { return false }
                var table = [Unmanaged<Node>?](repeating: nil, count: high - low + 1)
                for slot in slots {
                    let offset = slot._withUnsafeGuaranteedRef { $0.id } - low
                    guard table[offset] == nil else { return false }
                    table[offset] = slot
                }
                var next = 0
                for case let slot? in table {
                    slots[next] = slot
                    next += 1
                }
                return true
            }
        }
        if !done { sort { $0.id < $1.id } }
    }
}
