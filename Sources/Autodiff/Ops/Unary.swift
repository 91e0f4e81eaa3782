import TensorCore

/// Elementwise functions of one tensor. Each pullback multiplies the adjoint
/// by the local derivative, written with the output `y` where that is cheaper.
extension Variable {
    /// `y = eˣ`   dy/dx = y.
    public func exp() throws -> Variable {
        let y = value.exp()
        return try Variable.record("exp", y, [node]) { g, _ in [try g * y] }
    }

    /// `y = ln x`   dy/dx = 1/x.
    public func log() throws -> Variable {
        let x = value
        return try Variable.record("log", x.log(), [node]) { g, _ in [try g / x] }
    }

    /// `y = tanh x`   dy/dx = 1 − y².
    public func tanh() throws -> Variable {
        let y = value.tanh()
        return try Variable.record("tanh", y, [node]) { g, _ in [try g * y.map { 1 - $0 * $0 }] }
    }

    /// `y = σ(x) = 1/(1 + e⁻ˣ)` (computed without overflow)   dy/dx = y(1 − y).
    ///
    /// A primitive rather than a composite so that neither direction can overflow for large |x|.
    public func sigmoid() throws -> Variable {
        let y = value.sigmoid()
        return try Variable.record("sigmoid", y, [node]) { g, _ in [try g * y.map { $0 * (1 - $0) }] }
    }

    /// `y = max(x, 0)`   dy/dx = 1 for x > 0, else 0 (0 at x = 0).
    public func relu() throws -> Variable {
        let x = value
        return try Variable.record("relu", x.relu(), [node]) { g, _ in [try g * x.map { $0 > 0 ? 1 : 0 }] }
    }

    /// `y = √x`   dy/dx = 1/(2y).
    public func sqrt() throws -> Variable {
        let y = value.sqrt()
        return try Variable.record("sqrt", y, [node]) { g, _ in [try g / y.map { 2 * $0 }] }
    }

    /// `y = |x|`   dy/dx = sign(x) (0 at x = 0).
    public func abs() throws -> Variable {
        let x = value
        return try Variable.record("abs", x.abs(), [node]) { g, _ in
            [try g * x.map { $0 > 0 ? 1 : ($0 < 0 ? -1 : 0) }]
        }
    }

    /// `y = x²`   dy/dx = 2x.
    public func square() throws -> Variable {
        let x = value
        return try Variable.record("square", x.square(), [node]) { g, _ in [try g * x.map { 2 * $0 }] }
    }

    /// `y = min(max(x, low), high)`   dy/dx = 1 for low ≤ x ≤ high, else 0.
    ///
    /// Throws `invalidArgument` when `low > high`.
    public func clip(_ low: Double, _ high: Double) throws -> Variable {
        let x = value
        return try Variable.record("clip", x.clip(low, high), [node]) { g, _ in
            [try g * x.map { $0 >= low && $0 <= high ? 1 : 0 }]
        }
    }
}
