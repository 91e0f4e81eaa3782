import TensorCore

extension Variable {
    /// `c = max(a, b)` elementwise: the adjoint goes to the larger operand;
    /// on a tie it is split evenly (½ each), a symmetric subgradient.
    public func maximum(_ other: Variable) throws -> Variable {
        try Variable.selectElementwise("maximum", self, other, value: self.value.maximum(other.value), aWins: >)
    }

    /// `c = min(a, b)` elementwise: the adjoint goes to the smaller operand; ties split ½ each.
    public func minimum(_ other: Variable) throws -> Variable {
        try Variable.selectElementwise("minimum", self, other, value: self.value.minimum(other.value), aWins: <)
    }

    /// Shared pullback of maximum/minimum: the share of the adjoint that `a` receives is
    /// 1 where `aWins(a, b)`, ½ on a tie, 0 otherwise; `b` receives the rest.
    private static func selectElementwise(_ op: String, _ a: Variable, _ b: Variable, value: Tensor,
                                          aWins: @escaping (Double, Double) -> Bool) throws -> Variable {
        let (va, vb) = (a.value, b.value)
        return try record(op, value, [a.node, b.node]) { g, needed in
            let shareA = try va.zip(vb, operation: op) { x, y in aWins(x, y) ? 1 : (x == y ? 0.5 : 0) }
            return [needed[0] ? try (g * shareA).unbroadcast(to: va.shape) : nil,
                    needed[1] ? try (g * shareA.map { 1 - $0 }).unbroadcast(to: vb.shape) : nil]
        }
    }
}
