import Foundation
import TensorCore

extension Variable {
    /// `c = aᵇ` elementwise, with broadcasting.
    ///
    /// ∂c/∂a = b·aᵇ⁻¹,  ∂c/∂b = aᵇ·ln a. Where a = 0 the second is taken as 0
    /// (the limit for b > 0); for a < 0 it is NaN, as ln a is undefined.
    public func pow(_ exponent: Variable) throws -> Variable {
        let a = value, b = exponent.value
        let c = try a.pow(b)
        return try Variable.record("pow", c, [node, exponent.node]) { g, needed in
            var ga: Tensor?, gb: Tensor?
            if needed[0] {
                let slope = try a.zip(b, operation: "pow") { x, p in p == 0 ? 0 : p * Foundation.pow(x, p - 1) }
                ga = try (g * slope).unbroadcast(to: a.shape)
            }
            if needed[1] {
                let logA = a.map { $0 == 0 ? 0 : Foundation.log($0) }
                gb = try (g * c * logA).unbroadcast(to: b.shape)
            }
            return [ga, gb]
        }
    }
}
