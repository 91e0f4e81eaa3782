import Foundation

/// Rounding to whole numbers and floored division, as Python and numpy define them.
///
/// Each refuses non-finite operands (a NaN or ±∞ in an index computation is a bug to
/// report, not a value to pass on), and the divisions refuse a zero divisor.
extension Tensor {
    /// The largest whole number ≤ x, elementwise: `floor(-1.5) = -2`.
    public func floor() throws -> Tensor { try finiteMap("floor", Foundation.floor) }

    /// The smallest whole number ≥ x, elementwise: `ceil(-1.5) = -1`.
    public func ceil() throws -> Tensor { try finiteMap("ceil", Foundation.ceil) }

    /// The nearest whole number, halves to the even neighbour (numpy and Python 3):
    /// `round(0.5) = 0`, `round(1.5) = 2`, `round(-2.5) = -2`.
    public func rounded() throws -> Tensor { try finiteMap("round", { $0.rounded(.toNearestOrEven) }) }

    /// `a // b`: the quotient rounded down, `floor(a / b)`, computed as Python does so that
    /// `a == (a // b) * b + a % b` holds as closely as floating point allows.
    public func floorDivided(by divisor: Tensor) throws -> Tensor {
        try divisionZip(divisor, "//") { a, b in Tensor.flooredDivMod(a, b).quotient }
    }

    /// `a % b`: the remainder of floored division, with the sign of b (Python's `%`,
    /// numpy's `mod`): `7 % 3 = 1`, `-7 % 3 = 2`, `7 % -3 = -2`.
    public func remainder(dividingBy divisor: Tensor) throws -> Tensor {
        try divisionZip(divisor, "%") { a, b in Tensor.flooredDivMod(a, b).remainder }
    }

    /// Python's `divmod` for floats (CPython's `float_divmod`): the remainder from `fmod`,
    /// moved into b's sign; the quotient from the exact difference a − remainder.
    /// Both operands must be finite and b non-zero.
    public static func flooredDivMod(_ a: Double, _ b: Double) -> (quotient: Double, remainder: Double) {
        var remainder = fmod(a, b)
        var quotient = (a - remainder) / b
        if remainder != 0 {
            if (b < 0) != (remainder < 0) {
                remainder += b
                quotient -= 1
            }
        } else {
            remainder = copysign(0, b)
        }
        if quotient != 0 {
            var whole = Foundation.floor(quotient)
            if quotient - whole > 0.5 { whole += 1 }
            quotient = whole
        } else {
            quotient = copysign(0, a / b)
        }
        return (quotient, remainder)
    }

    private func finiteMap(_ operation: String, _ transform: (Double) -> Double) throws -> Tensor {
        try Tensor.requireFinite(self, operation, "its operand")
        return map(transform)
    }

    private func divisionZip(_ divisor: Tensor, _ operation: String, _ combine: (Double, Double) -> Double) throws -> Tensor {
        try Tensor.requireFinite(self, operation, "the left operand")
        try Tensor.requireFinite(divisor, operation, "the right operand")
        if divisor.scalars.contains(0) {
            throw TensorError.value(operation, "division by zero: the right operand of '\(operation)' holds a 0")
        }
        return try zip(divisor, operation: operation, combine)
    }

    private static func requireFinite(_ t: Tensor, _ operation: String, _ which: String) throws {
        if let bad = t.scalars.first(where: { !$0.isFinite }) {
            let name = bad.isNaN ? "nan" : (bad > 0 ? "inf" : "-inf")
            throw TensorError.value(operation, "'\(operation)' needs finite numbers, but \(which) holds \(name)")
        }
    }
}
