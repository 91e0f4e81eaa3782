import Foundation
import TensorCore

extension BPTT {
    /// Full BPTT on the native path: the same loss and gradients as ``full(_:inputs:targets:initialState:)``
    /// without recording a graph (for training loops), with the readout and the loss differentiated by hand:
    ///
    ///     p = softmax(y_t) per row,  L_t = Σ_rows −log p[target]
    ///     ∂L/∂y_t = p − onehot(target),  ∂L/∂W_hy += ∂L/∂y_tᵀ·h_t,  ∂L/∂b_y += Σ_rows ∂L/∂y_t
    ///     ∂L/∂h_t = ∂L/∂y_t·W_hy   → handed to the cell's native backward through time
    public static func fullNative<Cell: RecurrentCell>(
        _ model: SequenceModel<Cell>, inputs: [Tensor], targets: [[Int]?], initialState: [Tensor]? = nil
    ) throws -> BPTTResult {
        guard targets.count == inputs.count else {
            throw TensorError(.invalidArgument, "bptt", "got \(targets.count) target steps for \(inputs.count) inputs; give one entry per step (nil for no loss)")
        }
        guard targets.contains(where: { $0 != nil }) else {
            throw TensorError(.invalidArgument, "bptt", "no step has a target, so there is no loss to differentiate")
        }
        let cell = model.cell, readout = model.readout
        let trace = try cell.runNative(inputs: inputs, initialState: initialState)
        let n = trace.batch, h = cell.hiddenSize, v = readout.outputSize
        var dWhy = [Double](repeating: 0, count: v * h), dby = [Double](repeating: 0, count: v)
        var hiddenGradients: [Tensor?] = []
        var stepLosses: [Double] = [], scores: [Tensor] = []
        for (t, hidden) in trace.hs.enumerated() {
            let y = try readout.scores(hidden)
            scores.append(y)
            guard let target = targets[t] else {
                hiddenGradients.append(nil)
                stepLosses.append(0)
                continue
            }
            guard target.count == n else {
                throw TensorError(.shapeMismatch, "cross_entropy", "\(target.count) targets given for \(n) row(s) at step \(t)")
            }
            var dy = y.scalars
            var loss = 0.0
            for r in 0..<n {
                guard (0..<v).contains(target[r]) else {
                    throw TensorError(.indexOutOfRange, "cross_entropy", "target \(target[r]) is out of range for \(v) classes")
                }
                let row = y.scalars[(r * v)..<((r + 1) * v)]
                let m = row.max() ?? 0
                let logSum = m + Foundation.log(row.reduce(0) { $0 + Foundation.exp($1 - m) })
                loss += logSum - row[r * v + target[r]]
                for j in 0..<v { dy[r * v + j] = Foundation.exp(y.scalars[r * v + j] - logSum) - (j == target[r] ? 1 : 0) }
            }
            stepLosses.append(loss)
            var dh: [Double]? = [Double](repeating: 0, count: n * h)
            try CellMath.linearBackward(dy, input: hidden.scalars, weight: readout.why.scalars, rows: n, inputs: h, outputs: v,
                                        weightGradient: &dWhy, inputGradient: &dh)
            CellMath.accumulateColumnSums(dy, columns: v, into: &dby)
            hiddenGradients.append(try Tensor(shape: [n, h], scalars: dh ?? []))
        }
        let back = try cell.backpropNative(trace, hiddenGradients: hiddenGradients)
        return BPTTResult(loss: stepLosses.reduce(0, +), stepLosses: stepLosses,
                          gradients: back.parameters + [try Tensor(shape: [v, h], scalars: dWhy), Tensor(dby)],
                          initialStateGradients: back.initialState, hs: trace.hs, scores: scores,
                          finalState: trace.finalState)
    }
}
