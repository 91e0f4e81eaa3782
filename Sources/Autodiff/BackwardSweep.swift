import TensorCore

/// One reverse-mode sweep from an output down to the earliest target, reusable
/// with different seeds (a Jacobian runs one sweep per output element).
///
/// Nodes are gathered iteratively (no recursion, so deep graphs are fine) and
/// processed in decreasing `id`, which is a reverse topological order. Only
/// nodes created no earlier than the earliest target can lie on a path to it,
/// and only inputs that lead to some target receive an adjoint, so branches
/// that cannot reach a target (e.g. the weights, when differentiating with
/// respect to a hidden state) cost nothing.
struct BackwardSweep {
    /// The gathered nodes in creation order; positions in this array are the sweep's local indices.
    private let nodes: [Variable]
    /// For each node, the local index of each input, or −1 for an input older than the earliest target.
    private let inputSlots: [[Int]]
    /// For each node, whether each input leads to a target.
    private let needed: [[Bool]]
    /// Whether each node lies on a path from a target to the output.
    private let relevant: [Bool]
    /// The local index of each target, or nil when it was not gathered (not an ancestor).
    private let targetSlots: [Int?]
    /// Whether each node is one of the targets (its adjoint is kept to the end).
    private let isTarget: [Bool]

    init(output: Variable, targets: [Variable]) {
        let floor = targets.map(\.id).min() ?? Int.max
        var seen: Set<Int> = [output.id]
        var stack = [output]
        var gathered: [Variable] = []
        while let node = stack.popLast() {
            gathered.append(node)
            for input in node.inputs where input.id >= floor && !seen.contains(input.id) {
                seen.insert(input.id)
                stack.append(input)
            }
        }
        gathered.sort { $0.id < $1.id }
        var slotOf: [Int: Int] = [:]
        slotOf.reserveCapacity(gathered.count)
        for (slot, node) in gathered.enumerated() { slotOf[node.id] = slot }

        let targetIDs = Set(targets.map(\.id))
        var relevant = [Bool](repeating: false, count: gathered.count)
        var inputSlots: [[Int]] = []
        var needed: [[Bool]] = []
        inputSlots.reserveCapacity(gathered.count)
        needed.reserveCapacity(gathered.count)
        // Forward over creation order: a node is relevant if it is a target or uses a relevant node.
        for (slot, node) in gathered.enumerated() {
            let slots = node.inputs.map { slotOf[$0.id] ?? -1 }
            let mask = slots.map { $0 >= 0 && relevant[$0] }
            relevant[slot] = targetIDs.contains(node.id) || mask.contains(true)
            inputSlots.append(slots)
            needed.append(mask)
        }
        self.nodes = gathered
        self.inputSlots = inputSlots
        self.needed = needed
        self.relevant = relevant
        self.targetSlots = targets.map { slotOf[$0.id] }
        self.isTarget = gathered.map { targetIDs.contains($0.id) }
    }

    /// True when every target lies on a path into the output.
    var reachesEveryTarget: Bool {
        targetSlots.allSatisfy { slot in slot.map { relevant[$0] } ?? false }
    }

    /// Propagates `seed` (the adjoint of the output) and returns each target's
    /// adjoint, nil for a target the output does not depend on. With
    /// `storeGrads`, every node that receives an adjoint keeps it in `grad`. Checks for
    /// an interrupt or a deadline (``ExecutionContext``) every 1024 nodes.
    func run(seed: Tensor, storeGrads: Bool) throws -> [Tensor?] {
        guard let top = nodes.indices.last, relevant[top] else { return targetSlots.map { _ in nil } }
        var adjoints = [Tensor?](repeating: nil, count: nodes.count)
        adjoints[top] = seed
        for slot in stride(from: top, through: 0, by: -1) where relevant[slot] {
            if slot & 1023 == 0 { try ExecutionContext.checkpoint("grad") }
            guard let adjoint = adjoints[slot] else { continue }
            let node = nodes[slot]
            if storeGrads { node.grad = adjoint }
            let mask = needed[slot]
            guard mask.contains(true), let pullback = node.pullback else { continue }
            let inputGrads = try pullback(adjoint, mask)
            guard inputGrads.count == mask.count else {
                throw TensorError(.invalidArgument, "grad",
                    "internal: the pullback of '\(node.op)' returned \(inputGrads.count) gradients for \(mask.count) inputs")
            }
            for (k, target) in inputSlots[slot].enumerated() where mask[k] {
                guard let g = inputGrads[k] else { continue }
                guard g.shape == nodes[target].shape else {
                    throw TensorError(.shapeMismatch, "grad",
                        "internal: the pullback of '\(node.op)' returned shape \(describeShape(g.shape)) for an input of shape \(describeShape(nodes[target].shape))")
                }
                try BackwardSweep.accumulate(g, into: &adjoints[target])
            }
            // Intermediate adjoints are no longer needed once passed on; keep only the targets'.
            if !isTarget[slot] { adjoints[slot] = nil }
        }
        return targetSlots.map { slot in slot.flatMap { adjoints[$0] } }
    }

    /// `total += g`, in place when `total` holds the only copy of its storage.
    private static func accumulate(_ g: Tensor, into total: inout Tensor?) throws {
        guard let existing = total else {
            total = g
            return
        }
        total = nil
        var scalars = existing.scalars
        _ = consume existing
        g.scalars.withUnsafeBufferPointer { add in
            for i in scalars.indices { scalars[i] += add[i] }
        }
        total = try Tensor(shape: g.shape, scalars: scalars)
    }
}
