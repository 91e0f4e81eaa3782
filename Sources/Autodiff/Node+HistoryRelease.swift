import TensorCore

/// Forgetting history that no derivative can use.
///
/// `grad(y, wrt: x)` needs the path from `x` to `y`, and `x` must be something a program
/// still holds: a ``Variable``. A node without handles can only be reached through the
/// nodes computed from it. If no node in its history *pins* it, no later `grad` or
/// `jacobian` can ask for a derivative through that history, so the node drops its
/// inputs and its pullback and keeps only its value: it becomes a constant.
///
/// A node pins the nodes computed from it while it has handles — except that a parameter
/// replaced by its update is retired (`Node+GradientStep.swift`): its uses from before
/// then no longer count, so the graph built with old weights can go even while a record
/// still holds them.
///
/// This is what keeps a training loop flat without `detach`: the hidden state carried
/// into the next window (`hprev = h`) keeps the previous window's graph only while
/// something pins it (the weights it was computed with, the state before it); after the
/// update and the next assignment of `hprev`, the carried state is a constant and the
/// old graph is freed.
///
/// When a node loses its last handle, its history is searched breadth-first for a pin.
/// If there is none, the history is released. If there is one, it becomes the node's
/// *witness*: the node is checked again when the witness loses its last handle, is
/// retired, or has its own history released or collapsed (each node keeps the list of
/// nodes it is the witness of), and a later search that reaches the node stops there at
/// once, so a chain built by `x = f(x)` in a loop is checked in constant time per step.
///
/// A single number whose history is pinned only by a few small values — a smoothed loss
/// or a counter that started from held constants — is *collapsed*: its inputs become
/// those values and its pullback multiplies by its derivatives with respect to them,
/// computed once. Derivatives stay exact, and the chain behind it is freed. While such a
/// number's history still runs into a larger graph (the loss of the last window, kept
/// while the carried state is held), the number in front of that graph is its witness,
/// and the collapse is tried again when that graph is released.
extension Node {
    /// Called when ``handles`` drops to zero.
    func lostLastHandle() {
        recheckDependents(depth: 0)
        releaseHistoryIfUnreachable(depth: 0)
    }

    /// Called when updates replace these nodes. A node replaced again later (a training
    /// loop run twice from the same initial weights) moves the line: every use so far.
    ///
    /// All are marked before any dependent looks again: a window's graph leans on every
    /// weight of a model, and retiring them one by one would send each of its nodes from
    /// one weight's list of dependents to the next, to be checked once per weight.
    ///
    /// Their dependents are also checked in one pass, oldest first: a node that leans on two
    /// of them (a window's `Wxh[:, x] + Whh @ h`) would otherwise find the other one, not
    /// yet looked at, as its witness, and be checked again in that one's turn.
    static func retire(_ nodes: [Node]) {
        let line = Node.newestID
        for node in nodes { node.retiredAfter = line }
        var waiting: [Node] = []
        for node in nodes { node.takeDependents(into: &waiting) }
        recheck(&waiting, depth: 0)
    }

    /// How deep re-checks may cascade (each step keeps its history when the limit is
    /// reached, which is always safe).
    private static let recheckDepthLimit = 64

    /// The nodes that relied on this one to keep their history look again.
    private func recheckDependents(depth: Int) {
        guard !dependents.isEmpty, depth < Node.recheckDepthLimit else { return }
        var waiting: [Node] = []
        takeDependents(into: &waiting)
        Node.recheck(&waiting, depth: depth)
    }

    /// Moves this node's dependents to `waiting` (held there, since settling one may free
    /// another), leaving them without a witness.
    private func takeDependents(into waiting: inout [Node]) {
        waiting.reserveCapacity(waiting.count + dependents.count)
        for dependent in dependents {
            let node = dependent.takeUnretainedValue()
            node.witness = nil
            node.dependentIndex = -1
            waiting.append(node)
        }
        dependents = []
    }

    /// Settles nodes that lost their witness, oldest first: a newer node's search then stops
    /// at the older ones already settled.
    private static func recheck(_ waiting: inout [Node], depth: Int) {
        waiting.sortByID()
        for node in waiting where node.handles == 0 { node.releaseHistoryIfUnreachable(depth: depth + 1) }
    }

    /// Releases the history unless something pins it (then remembered as the witness),
    /// or collapses it when it is a single number pinned by a few small values.
    func releaseHistoryIfUnreachable(depth: Int) {
        guard !inputs.isEmpty else { return }
        if value.count == 1 {
            switch searchShortHistory() {
            case .pins(let pins):
                if pins.isEmpty { releaseHistory(depth: depth) } else { collapse(onto: pins, depth: depth) }
                return
            case .blocked(let by):
                if by !== witness { setWitness(by) }
                return
            case .unsuitable:
                break
            }
        }
        if let found = firstPin() {
            if found !== witness { setWitness(found) }
        } else {
            releaseHistory(depth: depth)
        }
    }

    private func releaseHistory(depth: Int) {
        setWitness(nil)
        pullback = nil
        inputs = []
        recheckDependents(depth: depth + 1)
    }

    /// Replaces the witness, keeping both witnesses' dependent lists right.
    func setWitness(_ new: Node?) {
        if let old = witness { old.removeDependent(at: dependentIndex) }
        witness = new
        dependentIndex = -1
        if let new {
            dependentIndex = new.dependents.count
            // A witness usually gathers many (a weight, every node of a window that uses
            // it): start at 16 rather than growing through 1, 2, 4 and 8.
            if new.dependents.capacity == 0 { new.dependents.reserveCapacity(16) }
            new.dependents.append(.passUnretained(self))
        }
    }

    /// Removes the dependent at `index` by moving the last one into its place.
    func removeDependent(at index: Int) {
        guard dependents.indices.contains(index) else { return }
        let last = dependents.removeLast()
        if index < dependents.count {
            dependents[index] = last
            last.takeUnretainedValue().dependentIndex = index
        }
    }

    /// Whether `node`, reached from `consumer`, pins the history it lies in.
    private static func pins(_ node: Node, usedBy consumer: Node) -> Bool {
        node.handles > 0 && (node.retiredAfter == 0 || consumer.id > node.retiredAfter)
    }

    /// A pin in this node's history (excluding the node itself), found breadth-first, or nil.
    private func firstPin() -> Node? {
        if let witness, witness.handles > 0 { return witness }
        // Most nodes use a held value directly (a weight, the state): no search needed.
        // Nor when no input has inputs of its own (a column of a retired weight).
        var deeper = false
        for node in inputs {
            if Node.pins(node, usedBy: self) { return node }
            if let w = node.witness, w.handles > 0 { return w }
            deeper = deeper || !node.inputs.isEmpty
        }
        guard deeper else { return nil }
        let walk = Node.nextWalk()
        walkMark = walk
        var frontier = [self]
        var next: [Node] = []
        next.reserveCapacity(16)
        while !frontier.isEmpty {
            for consumer in frontier {
                for node in consumer.inputs where node.walkMark != walk {
                    node.walkMark = walk
                    if Node.pins(node, usedBy: consumer) { return node }
                    if let w = node.witness, w.handles > 0 { return w }
                    next.append(node)
                }
            }
            swap(&frontier, &next)
            next.removeAll(keepingCapacity: true)
        }
        return nil
    }

    // MARK: Collapsing a number's history

    /// Collapsing starts once a chain holds this many nodes (short ones, such as a formula a
    /// lesson shows with `graph`, are left as they are), and searches at most twice as many.
    private static let collapseLength = 32
    private static let collapseSearchLimit = 64
    private static let collapsePinLimit = 16
    private static let collapseElementLimit = 4096

    /// What the history of a single number looks like, seen from it.
    private enum ShortHistory {
        /// Single numbers all the way down to these pins (none: nothing is pinned),
        /// long enough to be worth collapsing.
        case pins([Node])
        /// The single number that leads into a larger graph: try again when it changes.
        case blocked(Node)
        /// Too short, too long or pinned by too much: handle it like any other node.
        case unsuitable
    }

    private func searchShortHistory() -> ShortHistory {
        // A number computed straight from a larger value nobody holds (a loss from its
        // scores) is handled like any other node; the search below would say so too.
        for node in inputs where node.handles == 0 && node.value.count != 1 { return .unsuitable }
        let walk = Node.nextWalk()
        walkMark = walk
        var stack = [self]
        var pinned: [Node] = []
        var searched = 0, elements = 0
        while let consumer = stack.popLast() {
            for node in consumer.inputs where node.walkMark != walk {
                node.walkMark = walk
                searched += 1
                if searched > Node.collapseSearchLimit { return .unsuitable }
                if node.handles > 0 {
                    guard node.retiredAfter == 0 else { return .unsuitable }
                    pinned.append(node)
                    elements += node.value.count
                    if pinned.count > Node.collapsePinLimit || elements > Node.collapseElementLimit { return .unsuitable }
                } else if node.value.count == 1 {
                    stack.append(node)
                } else {
                    // A larger graph (a window's loss, kept while its state is held).
                    return consumer === self ? .unsuitable : .blocked(consumer)
                }
            }
        }
        if !pinned.isEmpty && searched < Node.collapseLength { return .unsuitable }
        pinned.sort { $0.id < $1.id }
        return .pins(pinned)
    }

    /// Rewrites this node as a direct function of `pins`: inputs `pins`, pullback
    /// `g ↦ g · ∂self/∂pinᵢ`, with the derivatives taken now through the old history.
    private func collapse(onto pins: [Node], depth: Int) {
        let sweep = BackwardSweep(output: self, targets: pins)
        guard let derivatives = try? sweep.run(seed: Tensor.ones(value.shape), storeGrads: false, throughTargets: false) else {
            if let first = pins.first { setWitness(first) }
            return
        }
        let slopes = zip(pins, derivatives).map { pin, d in d ?? Tensor.zeros(like: pin.value) }
        op = "collapsed"
        inputs = pins
        pullback = .dense { g, needed in
            try zip(slopes, needed).map { slope, isNeeded in isNeeded ? try slope * g : nil }
        }
        setWitness(pins.last)
        recheckDependents(depth: depth + 1)
    }
}
