import Autodiff
import TensorCore

/// The vanilla (Elman) recurrent cell:
///
///     h_t = tanh(W_xh·x_t + W_hh·h_{t−1} + b)
///
/// or, with ``Activation/relu`` (the IRNN of Le, Jaitly & Hinton when W_hh starts at the identity),
/// `h_t = max(0, W_xh·x_t + W_hh·h_{t−1} + b)`.
///
/// Backward, with a = the pre-activation and δ = ∂L/∂h_t:
///
///     ∂L/∂a = δ ⊙ (1 − h_t²)          (relu: δ ⊙ [h_t > 0])
///     ∂L/∂W_xh = ∂L/∂a · x_tᵀ,  ∂L/∂W_hh = ∂L/∂a · h_{t−1}ᵀ,  ∂L/∂b = ∂L/∂a
///     ∂L/∂x_t = W_xhᵀ·∂L/∂a,    ∂L/∂h_{t−1} = W_hhᵀ·∂L/∂a
///
/// The output `y_t = W_hy·h_t + b_y` is a separate ``Readout``. Stacking writes
/// the multilayer form `h_t^l = tanh(W^l [h_t^{l−1}; h_{t−1}^l] + b^l)` with
/// `W^l = [W_xh W_hh]` (see ``StackedCells``).
public struct ElmanCell: RecurrentCell, Equatable {
    /// The squashing function of the step.
    public enum Activation: String, Sendable, Equatable {
        case tanh, relu
    }

    public let inputSize: Int
    public let hiddenSize: Int
    /// Input weights W_xh, shape (H, D).
    public private(set) var wxh: Tensor
    /// Recurrent weights W_hh, shape (H, H).
    public private(set) var whh: Tensor
    /// Bias b, shape (H).
    public private(set) var b: Tensor
    public let activation: Activation

    /// Seeded initialisation: weights from N(0, scale²) (default scale 1/√fan-in), zero bias.
    public init(inputSize: Int, hiddenSize: Int, weightScale: Double? = nil, activation: Activation = .tanh,
                using generator: inout RandomGenerator) throws {
        try CellInit.checkSizes("elman_cell", input: inputSize, hidden: hiddenSize)
        self.inputSize = inputSize
        self.hiddenSize = hiddenSize
        self.activation = activation
        wxh = try CellInit.weight(hiddenSize, inputSize, scale: weightScale, using: &generator)
        whh = try CellInit.weight(hiddenSize, hiddenSize, scale: weightScale, using: &generator)
        b = try CellInit.bias(hiddenSize)
    }

    /// A cell with given weights: W_xh (H, D), W_hh (H, H), b (H).
    public init(wxh: Tensor, whh: Tensor, b: Tensor, activation: Activation = .tanh) throws {
        guard wxh.rank == 2, whh.rank == 2, b.rank == 1 else {
            throw TensorError(.shapeMismatch, "elman_cell", "expects W_xh (H, D), W_hh (H, H) and b (H)")
        }
        let h = wxh.shape[0]
        guard h > 0, wxh.shape[1] > 0, whh.shape == [h, h], b.shape == [h] else {
            throw TensorError(.shapeMismatch, "elman_cell",
                "W_xh \(describeShape(wxh.shape)), W_hh \(describeShape(whh.shape)) and b \(describeShape(b.shape)) do not fit (H, D), (H, H), (H)")
        }
        inputSize = wxh.shape[1]
        hiddenSize = h
        self.wxh = wxh
        self.whh = whh
        self.b = b
        self.activation = activation
    }

    public var stateNames: [String] { ["h"] }
    public var gateNames: [String] { [] }
    public var parameterNames: [String] { ["wxh", "whh", "b"] }
    public var parameters: [Tensor] { [wxh, whh, b] }

    public func withParameters(_ parameters: [Tensor]) throws -> ElmanCell {
        try checkParameters(parameters, operation: "elman_cell")
        return try ElmanCell(wxh: parameters[0], whh: parameters[1], b: parameters[2], activation: activation)
    }

    public func graphStep(input: Variable, state: [Variable], parameters p: [Variable]) throws -> [Variable] {
        _ = try checkedBatch(input: input.shape, state: state.map(\.shape), operation: "elman_cell")
        guard p.count == 3 else { throw TensorError(.invalidArgument, "elman_cell", "expected 3 parameter variables, got \(p.count)") }
        let a = try input.matmul(p[0].transposed()) + state[0].matmul(p[1].transposed()) + p[2]
        return [activation == .tanh ? try a.tanh() : try a.relu()]
    }

    public func nativeStep(input: [Double], state: [[Double]], batch n: Int) throws -> NativeStepRecord {
        try validateNativeStep(input: input, state: state, batch: n, operation: "elman_cell")
        let (d, h) = (inputSize, hiddenSize)
        var a = try CellMath.affine(input, wxh.scalars, b.scalars, rows: n, inputs: d, outputs: h)
        try CellMath.linear(state[0], whh.scalars, rows: n, inputs: h, outputs: h, into: &a, accumulate: true)
        switch activation {
        case .tanh: for i in a.indices { a[i] = scalarTanh(a[i]) }
        case .relu: for i in a.indices where !(a[i] > 0) { a[i] = 0 }
        }
        return NativeStepRecord(state: [a])
    }

    public func nativeStepBackward(_ record: NativeStepRecord, input: [Double], state: [[Double]], batch n: Int,
                                   stateGradients: [[Double]], parameterGradients g: inout [[Double]]) throws
        -> (input: [Double], state: [[Double]]) {
        try validateNativeBackward(record, input: input, state: state, batch: n, stateGradients: stateGradients,
                                   parameterGradients: g, cacheSizes: [], operation: "elman_cell")
        let (d, h) = (inputSize, hiddenSize)
        let hNew = record.state[0]
        var da = stateGradients[0]
        switch activation {
        case .tanh: for i in da.indices { da[i] *= 1 - hNew[i] * hNew[i] }
        case .relu: for i in da.indices where !(hNew[i] > 0) { da[i] = 0 }
        }
        var dx: [Double]? = [Double](repeating: 0, count: n * d)
        var dh: [Double]? = [Double](repeating: 0, count: n * h)
        try CellMath.linearBackward(da, input: input, weight: wxh.scalars, rows: n, inputs: d, outputs: h,
                                    weightGradient: &g[0], inputGradient: &dx)
        try CellMath.linearBackward(da, input: state[0], weight: whh.scalars, rows: n, inputs: h, outputs: h,
                                    weightGradient: &g[1], inputGradient: &dh)
        CellMath.accumulateColumnSums(da, columns: h, into: &g[2])
        return (dx ?? [], [dh ?? []])
    }
}
