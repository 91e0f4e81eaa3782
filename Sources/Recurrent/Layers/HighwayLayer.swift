import Autodiff
import TensorCore

/// A highway layer (Srivastava et al. 2015): a gated mix of a transform and the identity,
///
///     H = tanh(W_H·x + b_H)        T = σ(W_T·x + b_T)
///     y = T ⊙ H + (1 − T) ⊙ x
///
/// Backward, with δ = ∂L/∂y:
///
///     ∂L/∂H = δ ⊙ T,  ∂L/∂T = δ ⊙ (H − x),  direct ∂L/∂x = δ ⊙ (1 − T)
///     ∂L/∂a_H = ∂L/∂H ⊙ (1 − H²),  ∂L/∂a_T = ∂L/∂T ⊙ T(1 − T)
///     ∂L/∂x += W_Hᵀ·∂L/∂a_H + W_Tᵀ·∂L/∂a_T
///
/// The gate bias starts negative (`gateBias`, default −1) so the layer begins close to the identity.
public struct HighwayLayer: Sendable, Equatable {
    /// Features in and out (n).
    public let size: Int
    /// W_H (n, n), b_H (n), W_T (n, n), b_T (n).
    public private(set) var parameters: [Tensor]
    public var parameterNames: [String] { ["wh", "bh", "wt", "bt"] }
    public var parameterCount: Int { parameters.reduce(0) { $0 + $1.count } }

    public init(size: Int, gateBias: Double = -1, weightScale: Double? = nil, using generator: inout RandomGenerator) throws {
        try CellInit.checkSizes("highway", input: size, hidden: size)
        self.size = size
        parameters = [try CellInit.weight(size, size, scale: weightScale, using: &generator), try CellInit.bias(size),
                      try CellInit.weight(size, size, scale: weightScale, using: &generator), try CellInit.bias(size, gateBias)]
    }

    /// A layer with given W_H (n, n), b_H (n), W_T (n, n), b_T (n).
    public init(parameters: [Tensor]) throws {
        guard parameters.count == 4, let n = parameters[1].shape.first, n > 0,
              parameters[0].shape == [n, n], parameters[1].shape == [n],
              parameters[2].shape == [n, n], parameters[3].shape == [n] else {
            throw TensorError(.shapeMismatch, "highway", "expects W_H (n, n), b_H (n), W_T (n, n), b_T (n), got shapes \(parameters.map { describeShape($0.shape) })")
        }
        size = n
        self.parameters = parameters
    }

    /// The layer recorded on the graph for x of shape (batch, n).
    public func graphForward(_ x: Variable, parameters p: [Variable]) throws -> Variable {
        guard x.shape.count == 2, x.shape[1] == size, p.count == 4 else {
            throw TensorError(.shapeMismatch, "highway", "expects x of shape (batch, \(size)) and 4 parameters, got \(describeShape(x.shape)) and \(p.count)")
        }
        let transform = try (x.matmul(p[0].transposed()) + p[1]).tanh()
        let gate = try (x.matmul(p[2].transposed()) + p[3]).sigmoid()
        return try gate * transform + (1.0 - gate) * x
    }

    /// The native forward pass for x of shape (batch, n).
    public func forward(_ x: Tensor) throws -> Tensor {
        try nativeForward(x).y
    }

    func nativeForward(_ x: Tensor) throws -> (y: Tensor, transform: [Double], gate: [Double]) {
        guard x.rank == 2, x.shape[1] == size else {
            throw TensorError(.shapeMismatch, "highway", "expects x of shape (batch, \(size)), got \(describeShape(x.shape))")
        }
        let n = x.shape[0]
        let transform = try CellMath.affine(x.scalars, parameters[0].scalars, parameters[1].scalars, rows: n, inputs: size, outputs: size).map(scalarTanh)
        let gate = try CellMath.affine(x.scalars, parameters[2].scalars, parameters[3].scalars, rows: n, inputs: size, outputs: size).map(CellMath.sigmoid)
        var y = x.scalars
        for k in y.indices { y[k] = gate[k] * transform[k] + (1 - gate[k]) * y[k] }
        return (try Tensor(shape: x.shape, scalars: y), transform, gate)
    }

    /// The native backward pass: ∂L/∂x and ∂L/∂θ (in parameter order) from ∂L/∂y.
    public func backward(_ x: Tensor, outputGradient dy: Tensor) throws -> (input: Tensor, parameters: [Tensor]) {
        let (_, transform, gate) = try nativeForward(x)
        guard dy.shape == x.shape else {
            throw TensorError(.shapeMismatch, "highway", "output gradient has shape \(describeShape(dy.shape)), expected \(describeShape(x.shape))")
        }
        let n = x.shape[0], xs = x.scalars, d = dy.scalars
        var daH = d, daT = d, dxDirect = d
        for k in d.indices {
            daH[k] = d[k] * gate[k] * (1 - transform[k] * transform[k])
            daT[k] = d[k] * (transform[k] - xs[k]) * gate[k] * (1 - gate[k])
            dxDirect[k] = d[k] * (1 - gate[k])
        }
        var g = parameters.map { [Double](repeating: 0, count: $0.count) }
        var dx: [Double]? = dxDirect
        try CellMath.linearBackward(daH, input: xs, weight: parameters[0].scalars, rows: n, inputs: size, outputs: size, weightGradient: &g[0], inputGradient: &dx)
        CellMath.accumulateColumnSums(daH, columns: size, into: &g[1])
        try CellMath.linearBackward(daT, input: xs, weight: parameters[2].scalars, rows: n, inputs: size, outputs: size, weightGradient: &g[2], inputGradient: &dx)
        CellMath.accumulateColumnSums(daT, columns: size, into: &g[3])
        return (try Tensor(shape: x.shape, scalars: dx ?? []),
                try zip(parameters, g).map { try Tensor(shape: $0.shape, scalars: $1) })
    }
}
