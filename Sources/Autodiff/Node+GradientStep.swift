import TensorCore

/// Parameter updates start a new history.
///
/// `grad` returns plain numbers: its result has no history of its own, so the graph
/// cannot say how a gradient depends on the weights it was taken at. A derivative
/// taken *through* an update `W − η·g` would silently leave that dependence out and be
/// wrong. So `x + s` or `x − s`, where `s` was computed from a gradient with respect to
/// `x` itself, is recorded as a new leaf: the updated parameter, ready to be
/// differentiated against, with no history behind it.
///
/// When such an update replaces `x` (the program assigns it to the name that held `x`),
/// `x` is *retired*: what was computed with it so far no longer keeps its history for
/// its sake, even if a record still holds it (see `Node+HistoryRelease.swift`). A trial
/// step kept beside `x` (`W2 = W - 0.1 * g`) retires nothing.
///
/// This is what makes the natural training loop flat:
///
///     g = grad(L, W)
///     m = m + g * g
///     W = W - lr * g / sqrt(m + 1e-8)     # a new leaf; the old W and the update are freed
extension Node {
    /// The parameter `x` when `a ± b` is a gradient step in the sense above, else nil:
    /// one operand is `x`, the other was computed from a gradient with respect to `x`.
    ///
    /// - Complexity: a walk over the gradient-derived part of the operands' history
    ///   (the update arithmetic).
    static func parameterUpdated(by a: Node, _ b: Node) -> Node? {
        guard a.derivesFromGradient || b.derivesFromGradient else { return nil }
        let targets = gradientTargets(of: [a, b])
        if targets.contains(a.id) { return a }
        if targets.contains(b.id) { return b }
        return nil
    }

    /// `a ± b` as a gradient step: the value as a new leaf that remembers which node it updates.
    static func gradientStep(_ a: Variable, _ b: Variable, _ value: Tensor) -> Variable? {
        guard let parameter = parameterUpdated(by: a.node, b.node) else { return nil }
        return Variable(node: Node(leaf: value, updating: parameter.id))
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
