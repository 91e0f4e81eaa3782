import TensorCore

/// Elementwise arithmetic with numpy broadcasting.
///
/// Each binary pullback computes the adjoint at the broadcast shape and calls
/// `Tensor.unbroadcast(to:)` once to sum it back to the operand's shape.
extension Variable {
    /// `c = a + b`   ∂c/∂a = 1, ∂c/∂b = 1.
    public static func + (a: Variable, b: Variable) throws -> Variable {
        try record("add", a.value + b.value, [a, b]) { g, needed in
            [needed[0] ? try g.unbroadcast(to: a.shape) : nil,
             needed[1] ? try g.unbroadcast(to: b.shape) : nil]
        }
    }

    /// `c = a − b`   ∂c/∂a = 1, ∂c/∂b = −1.
    public static func - (a: Variable, b: Variable) throws -> Variable {
        try record("subtract", a.value - b.value, [a, b]) { g, needed in
            [needed[0] ? try g.unbroadcast(to: a.shape) : nil,
             needed[1] ? try (-g).unbroadcast(to: b.shape) : nil]
        }
    }

    /// `c = a · b` (elementwise)   ∂c/∂a = b, ∂c/∂b = a.
    public static func * (a: Variable, b: Variable) throws -> Variable {
        try record("multiply", a.value * b.value, [a, b]) { g, needed in
            [needed[0] ? try (g * b.value).unbroadcast(to: a.shape) : nil,
             needed[1] ? try (g * a.value).unbroadcast(to: b.shape) : nil]
        }
    }

    /// `c = a / b`   ∂c/∂a = 1/b, ∂c/∂b = −a/b² = −c/b.
    public static func / (a: Variable, b: Variable) throws -> Variable {
        let c = try a.value / b.value
        return try record("divide", c, [a, b]) { g, needed in
            [needed[0] ? try (g / b.value).unbroadcast(to: a.shape) : nil,
             needed[1] ? try (-(g * c) / b.value).unbroadcast(to: b.shape) : nil]
        }
    }

    /// `y = −x`   dy/dx = −1.
    public static prefix func - (x: Variable) throws -> Variable {
        try record("negate", -x.value, [x]) { g, _ in [-g] }
    }
}
