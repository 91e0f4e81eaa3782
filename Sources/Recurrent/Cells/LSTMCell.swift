import Autodiff
import TensorCore

/// The LSTM cell (Hochreiter & Schmidhuber), all four gates from one matrix on `[h_{t−1}; x_t]`:
///
///     a = W·[h_{t−1}; x_t] + b                 (4H rows, in the order i, f, o, g)
///     i = σ(a_i)   f = σ(a_f)   o = σ(a_o)   g = tanh(a_g)
///     c_t = f ⊙ c_{t−1} + i ⊙ g
///     h_t = o ⊙ tanh(c_t)
///
/// Backward, with δh = ∂L/∂h_t and δc the gradient arriving at c_t from step t+1:
///
///     ∂L/∂c_t = δc + δh ⊙ o ⊙ (1 − tanh²c_t)
///     ∂L/∂o = δh ⊙ tanh c_t,  ∂L/∂i = ∂L/∂c_t ⊙ g,  ∂L/∂g = ∂L/∂c_t ⊙ i,  ∂L/∂f = ∂L/∂c_t ⊙ c_{t−1}
///     ∂L/∂c_{t−1} = ∂L/∂c_t ⊙ f        (the additive path: no matrix multiply)
///
/// `forgetBias` initialises b_f (1 is the usual choice, so the cell starts by remembering).
public struct LSTMCell: RecurrentCell, Equatable {
    public let inputSize: Int
    public let hiddenSize: Int
    /// W, shape (4H, H + D): rows i, f, o, g; columns h then x.
    public private(set) var w: Tensor
    /// b, shape (4H).
    public private(set) var b: Tensor

    /// Seeded initialisation: W from N(0, scale²) (default 1/√(H + D)); b zero except b_f = `forgetBias`.
    public init(inputSize: Int, hiddenSize: Int, forgetBias: Double = 1, weightScale: Double? = nil,
                using generator: inout RandomGenerator) throws {
        try CellInit.checkSizes("lstm_cell", input: inputSize, hidden: hiddenSize)
        self.inputSize = inputSize
        self.hiddenSize = hiddenSize
        w = try CellInit.weight(4 * hiddenSize, hiddenSize + inputSize, scale: weightScale, using: &generator)
        var bias = [Double](repeating: 0, count: 4 * hiddenSize)
        for j in hiddenSize..<(2 * hiddenSize) { bias[j] = forgetBias }
        b = Tensor(bias)
    }

    /// A cell with given weights: W (4H, H + D) and b (4H).
    public init(w: Tensor, b: Tensor) throws {
        guard w.rank == 2, b.rank == 1, w.shape[0] > 0, w.shape[0] % 4 == 0 else {
            throw TensorError(.shapeMismatch, "lstm_cell", "expects W (4H, H + D) and b (4H), got \(describeShape(w.shape)) and \(describeShape(b.shape))")
        }
        let h = w.shape[0] / 4
        guard w.shape[1] > h, b.shape == [4 * h] else {
            throw TensorError(.shapeMismatch, "lstm_cell", "W \(describeShape(w.shape)) and b \(describeShape(b.shape)) do not fit (4H, H + D) and (4H) with D ≥ 1")
        }
        hiddenSize = h
        inputSize = w.shape[1] - h
        self.w = w
        self.b = b
    }

    public var stateNames: [String] { ["h", "c"] }
    public var gateNames: [String] { ["i", "f", "o", "g"] }
    public var parameterNames: [String] { ["w", "b"] }
    public var parameters: [Tensor] { [w, b] }

    public func withParameters(_ parameters: [Tensor]) throws -> LSTMCell {
        try checkParameters(parameters, operation: "lstm_cell")
        return try LSTMCell(w: parameters[0], b: parameters[1])
    }

    public func graphStep(input: Variable, state: [Variable], parameters p: [Variable]) throws -> [Variable] {
        _ = try checkedBatch(input: input.shape, state: state.map(\.shape), operation: "lstm_cell")
        guard p.count == 2 else { throw TensorError(.invalidArgument, "lstm_cell", "expected 2 parameter variables, got \(p.count)") }
        let h = hiddenSize
        let a = try Variable.concat([state[0], input], axis: 1).matmul(p[0].transposed()) + p[1]
        func block(_ k: Int) throws -> Variable { try a.indexed([.all, .range(start: k * h, end: (k + 1) * h, step: nil)]) }
        let i = try block(0).sigmoid(), f = try block(1).sigmoid(), o = try block(2).sigmoid(), g = try block(3).tanh()
        let c = try f * state[1] + i * g
        return [try o * c.tanh(), c]
    }

    public func nativeStep(input: [Double], state: [[Double]], batch n: Int) throws -> NativeStepRecord {
        let (d, h) = (inputSize, hiddenSize)
        var z = [Double](repeating: 0, count: n * (h + d))
        CellMath.setColumns(state[0], into: &z, rows: n, total: h + d, from: 0, width: h)
        CellMath.setColumns(input, into: &z, rows: n, total: h + d, from: h, width: d)
        let a = try CellMath.affine(z, w.scalars, b.scalars, rows: n, inputs: h + d, outputs: 4 * h)
        var i = CellMath.columns(a, rows: n, total: 4 * h, from: 0, width: h)
        var f = CellMath.columns(a, rows: n, total: 4 * h, from: h, width: h)
        var o = CellMath.columns(a, rows: n, total: 4 * h, from: 2 * h, width: h)
        var g = CellMath.columns(a, rows: n, total: 4 * h, from: 3 * h, width: h)
        var c = [Double](repeating: 0, count: n * h), hNew = c, tc = c
        for k in 0..<(n * h) {
            i[k] = CellMath.sigmoid(i[k]); f[k] = CellMath.sigmoid(f[k]); o[k] = CellMath.sigmoid(o[k])
            g[k] = scalarTanh(g[k])
            c[k] = f[k] * state[1][k] + i[k] * g[k]
            tc[k] = scalarTanh(c[k])
            hNew[k] = o[k] * tc[k]
        }
        return NativeStepRecord(state: [hNew, c], gates: [i, f, o, g], cache: [z, tc])
    }

    public func nativeStepBackward(_ record: NativeStepRecord, input: [Double], state: [[Double]], batch n: Int,
                                   stateGradients: [[Double]], parameterGradients grads: inout [[Double]]) throws
        -> (input: [Double], state: [[Double]]) {
        let (d, h) = (inputSize, hiddenSize)
        let (i, f, o, g) = (record.gates[0], record.gates[1], record.gates[2], record.gates[3])
        let (z, tc) = (record.cache[0], record.cache[1])
        let (dh, dcNext, cPrev) = (stateGradients[0], stateGradients[1], state[1])
        var da = [Double](repeating: 0, count: n * 4 * h)
        var dcPrev = [Double](repeating: 0, count: n * h)
        for r in 0..<n {
            for j in 0..<h {
                let k = r * h + j, base = r * 4 * h + j
                let dc = dcNext[k] + dh[k] * o[k] * (1 - tc[k] * tc[k])
                da[base] = dc * g[k] * i[k] * (1 - i[k])
                da[base + h] = dc * cPrev[k] * f[k] * (1 - f[k])
                da[base + 2 * h] = dh[k] * tc[k] * o[k] * (1 - o[k])
                da[base + 3 * h] = dc * i[k] * (1 - g[k] * g[k])
                dcPrev[k] = dc * f[k]
            }
        }
        var dz: [Double]? = [Double](repeating: 0, count: n * (h + d))
        try CellMath.linearBackward(da, input: z, weight: w.scalars, rows: n, inputs: h + d, outputs: 4 * h,
                                    weightGradient: &grads[0], inputGradient: &dz)
        CellMath.accumulateColumnSums(da, columns: 4 * h, into: &grads[1])
        let dzAll = dz ?? []
        let dhPrev = CellMath.columns(dzAll, rows: n, total: h + d, from: 0, width: h)
        let dx = CellMath.columns(dzAll, rows: n, total: h + d, from: h, width: d)
        return (dx, [dhPrev, dcPrev])
    }
}
