import TensorCore

/// Arithmetic with plain numbers, which enter the graph as constant leaves.
extension Variable {
    public static func + (a: Variable, b: Double) throws -> Variable { try a + Variable(Tensor(b)) }
    public static func + (a: Double, b: Variable) throws -> Variable { try Variable(Tensor(a)) + b }
    public static func - (a: Variable, b: Double) throws -> Variable { try a - Variable(Tensor(b)) }
    public static func - (a: Double, b: Variable) throws -> Variable { try Variable(Tensor(a)) - b }
    public static func * (a: Variable, b: Double) throws -> Variable { try a * Variable(Tensor(b)) }
    public static func * (a: Double, b: Variable) throws -> Variable { try Variable(Tensor(a)) * b }
    public static func / (a: Variable, b: Double) throws -> Variable { try a / Variable(Tensor(b)) }
    public static func / (a: Double, b: Variable) throws -> Variable { try Variable(Tensor(a)) / b }

    /// `xᵖ` for a constant exponent p.
    public func pow(_ exponent: Double) throws -> Variable { try pow(Variable(Tensor(exponent))) }
}
