import TensorCore

/// Parameter updates start a new history.
///
/// `grad` returns plain numbers: its result has no history of its own, so the graph
/// cannot say how a gradient depends on the weights it was taken at. A derivative
/// taken *through* an update `W − η·g` would silently leave that dependence out and be
/// wrong. So an addition or subtraction that combines a node `x` (directly, or through
/// its history) with a term computed from a gradient with respect to `x` is recorded
/// as a new leaf: the updated parameter, ready to be differentiated against, with no
/// history behind it.
///
/// The old parameter is *retired*: what was computed with it before the step no longer
/// keeps its history for its sake (see `Node+HistoryRelease.swift`), even if a record
/// still holds it — the graph of the last window goes as soon as nothing else needs it.
///
/// This is what makes the natural training loop flat:
///
///     g = grad(L, W)
///     m = m + g * g
///     W = W - lr * g / sqrt(m + 1e-8)     # a new leaf; the old W and the update are freed
extension Node {
    /// The parameter `x` when `a ± b` is a gradient step in the sense above, else nil.
    ///
    /// - Complexity: a walk over the gradient-derived part of the operands' history
    ///   (the update arithmetic), then over the nodes newer than the gradient's target.
    static func parameterUpdated(by a: Node, _ b: Node) -> Node? {
        guard a.derivesFromGradient || b.derivesFromGradient else { return nil }
        let targets = gradientTargets(of: [a, b])
        guard let floor = targets.min() else { return nil }
        if targets.contains(a.id) { return a }
        if targets.contains(b.id) { return b }
        // The target may sit deeper, e.g. (1 − decay)·W − η·g.
        let walk = nextWalk()
        var stack = [a, b]
        while let node = stack.popLast() {
            for input in node.inputs where input.id >= floor && input.walkMark != walk {
                if targets.contains(input.id) { return input }
                input.walkMark = walk
                stack.append(input)
            }
        }
        return nil
    }

    /// `a ± b` as a gradient step: the value as a new leaf, and the old parameter retired.
    static func gradientStep(_ a: Variable, _ b: Variable, _ value: Tensor) -> Variable? {
        guard let parameter = parameterUpdated(by: a.node, b.node) else { return nil }
        let updated = Variable(value)
        parameter.retire()
        return updated
    }

    /// The ids of the nodes that the gradients in these nodes' histories were taken with respect to.
    private static func gradientTargets(of roots: [Node]) -> Set<Int> {
        let walk = nextWalk()
        var targets: Set<Int> = []
        var stack = roots.filter(\.derivesFromGradient)
        for node in stack { node.walkMark = walk }
        while let node = stack.popLast() {
            if node.gradientOf != 0 { targets.insert(node.gradientOf) }
            for input in node.inputs where input.derivesFromGradient && input.walkMark != walk {
                input.walkMark = walk
                stack.append(input)
            }
        }
        return targets
    }
}
