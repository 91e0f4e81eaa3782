import TensorCore

/// Rounding and floored division. Their values jump at whole numbers (or at multiples
/// of the divisor), so the derivatives below hold everywhere except at those points,
/// where the functions have no derivative; there, as numpy and PyTorch do, the same
/// formula is used (zero for the rounding functions).
extension Variable {
    /// `y = ⌊x⌋`   dy/dx = 0 (almost everywhere).
    public func floor() throws -> Variable {
        let shape = self.shape
        return try Variable.record("floor", try value.floor(), [node]) { _, _ in [try Tensor.zeros(shape)] }
    }

    /// `y = ⌈x⌉`   dy/dx = 0 (almost everywhere).
    public func ceil() throws -> Variable {
        let shape = self.shape
        return try Variable.record("ceil", try value.ceil(), [node]) { _, _ in [try Tensor.zeros(shape)] }
    }

    /// `y = round(x)` (halves to even)   dy/dx = 0 (almost everywhere).
    public func rounded() throws -> Variable {
        let shape = self.shape
        return try Variable.record("round", try value.rounded(), [node]) { _, _ in [try Tensor.zeros(shape)] }
    }

    /// `q = a // b = ⌊a / b⌋`   ∂q/∂a = ∂q/∂b = 0 (almost everywhere).
    public func floorDivided(by b: Variable) throws -> Variable {
        let (sa, sb) = (shape, b.shape)
        return try Variable.record("floor_divide", try value.floorDivided(by: b.value), [node, b.node]) { _, needed in
            [needed[0] ? try Tensor.zeros(sa) : nil, needed[1] ? try Tensor.zeros(sb) : nil]
        }
    }

    /// `r = a % b = a − b·⌊a / b⌋`   ∂r/∂a = 1, ∂r/∂b = −⌊a / b⌋ (almost everywhere).
    public func remainder(dividingBy b: Variable) throws -> Variable {
        let (sa, vb) = (shape, b.value)
        let r = try value.remainder(dividingBy: vb)
        let quotient = try value.floorDivided(by: vb)
        return try Variable.record("remainder", r, [node, b.node]) { g, needed in
            [needed[0] ? try g.unbroadcast(to: sa) : nil,
             needed[1] ? try (-(g * quotient)).unbroadcast(to: vb.shape) : nil]
        }
    }
}
