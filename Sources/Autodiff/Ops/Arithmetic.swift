import TensorCore

/// Elementwise arithmetic with numpy broadcasting.
///
/// Each binary pullback computes the adjoint at the broadcast shape and calls
/// `Tensor.unbroadcast(to:)` once to sum it back to the operand's shape.
///
/// Pullbacks capture only tensors and shapes, never the input variables: a
/// node must be the only owner of its inputs so the graph can be freed iteratively.
extension Variable {
    /// `c = a + b`   ∂c/∂a = 1, ∂c/∂b = 1.
    ///
    /// A parameter update `x + step`, where the step derives from a gradient with respect
    /// to x, is a new leaf instead (`Node+GradientStep.swift`); so is `x − step`.
    public static func + (a: Variable, b: Variable) throws -> Variable {
        let (sa, sb) = (a.shape, b.shape)
        let c = try a.value + b.value
        if let step = Node.gradientStep(a, b, c) { return step }
        return try record("add", c, [a.node, b.node]) { g, needed in
            [needed[0] ? try g.unbroadcast(to: sa) : nil,
             needed[1] ? try g.unbroadcast(to: sb) : nil]
        }
    }

    /// `c = a − b`   ∂c/∂a = 1, ∂c/∂b = −1.
    public static func - (a: Variable, b: Variable) throws -> Variable {
        let (sa, sb) = (a.shape, b.shape)
        let c = try a.value - b.value
        if let step = Node.gradientStep(a, b, c) { return step }
        return try record("subtract", c, [a.node, b.node]) { g, needed in
            [needed[0] ? try g.unbroadcast(to: sa) : nil,
             needed[1] ? try (-g).unbroadcast(to: sb) : nil]
        }
    }

    /// `c = a · b` (elementwise)   ∂c/∂a = b, ∂c/∂b = a.
    public static func * (a: Variable, b: Variable) throws -> Variable {
        let (va, vb) = (a.value, b.value)
        return try record("multiply", va * vb, [a.node, b.node]) { g, needed in
            [needed[0] ? try (g * vb).unbroadcast(to: va.shape) : nil,
             needed[1] ? try (g * va).unbroadcast(to: vb.shape) : nil]
        }
    }

    /// `c = a / b`   ∂c/∂a = 1/b, ∂c/∂b = −a/b² = −c/b.
    public static func / (a: Variable, b: Variable) throws -> Variable {
        let (sa, vb) = (a.shape, b.value)
        let c = try a.value / vb
        return try record("divide", c, [a.node, b.node]) { g, needed in
            [needed[0] ? try (g / vb).unbroadcast(to: sa) : nil,
             needed[1] ? try (-(g * c) / vb).unbroadcast(to: vb.shape) : nil]
        }
    }

    /// `y = −x`   dy/dx = −1.
    public static prefix func - (x: Variable) throws -> Variable {
        try record("negate", -x.value, [x.node]) { g, _ in [-g] }
    }
}
