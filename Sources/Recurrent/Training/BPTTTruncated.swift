import Autodiff
import TensorCore

/// One chunk of truncated BPTT.
public struct TruncatedChunk: Sendable {
    /// The steps whose inputs this chunk advances over: `[s, s + k1)`.
    public let steps: Range<Int>
    /// The steps recorded on the graph: `[max(0, e − k2), e)`; the state entering it is detached.
    public let window: Range<Int>
    /// The loss that was differentiated: Σ L_t over the chunk's steps that lie inside the window.
    public let loss: Double
    /// Its gradient with respect to the model's parameters (before the update).
    public let gradients: [Tensor]
}

/// What truncated BPTT returns.
public struct TruncatedBPTTResult<Cell: RecurrentCell>: Sendable {
    public let chunks: [TruncatedChunk]
    /// Σ over chunks of the differentiated losses.
    public let loss: Double
    /// Σ over chunks of the gradients (what one update would use if no update ran in between).
    public let summedGradients: [Tensor]
    /// The model after the last update.
    public let model: SequenceModel<Cell>
    /// The state after the last step (detached).
    public let finalState: [Tensor]
}

extension BPTT {
    /// Truncated BPTT(k1, k2): advance k1 steps between updates, backpropagate k2 steps.
    ///
    /// The sequence is cut into chunks `[s, e)` of k1 steps. For each chunk the
    /// graph is recorded over the window `[w, e)` with `w = max(0, e − k2)`,
    /// starting from the stored hidden state at w as a constant (detached), so
    /// no gradient flows further back than k2 steps before the chunk's end. The
    /// chunk's loss is the sum of L_t over its steps inside the window (when
    /// k2 < k1 the first k1 − k2 steps of a chunk only carry the state).
    /// After each chunk, `update` (if given) receives the model and the chunk's
    /// gradients and returns the model for the next chunk.
    ///
    /// Consequences: with k2 ≥ T and no update, the chunk gradients add up to
    /// full BPTT; with k1 = k2 = 1 each L_t only reaches W_hh through h_{t−1}.
    ///
    /// With `native: true` each window runs ``fullNative(_:inputs:targets:initialState:)``
    /// instead of recording a graph (same numbers, faster).
    public static func truncated<Cell: RecurrentCell>(
        _ model: SequenceModel<Cell>, inputs: [Tensor], targets: [[Int]?], k1: Int, k2: Int,
        initialState: [Tensor]? = nil, native: Bool = false,
        update: ((SequenceModel<Cell>, [Tensor]) throws -> SequenceModel<Cell>)? = nil
    ) throws -> TruncatedBPTTResult<Cell> {
        guard k1 >= 1, k2 >= 1 else {
            throw TensorError(.invalidArgument, "truncated_bptt", "k1 and k2 must be at least 1, got k1=\(k1), k2=\(k2)")
        }
        guard targets.count == inputs.count, let first = inputs.first else {
            throw TensorError(.invalidArgument, "truncated_bptt", "give a non-empty input sequence and one target entry per step (got \(inputs.count) inputs, \(targets.count) targets)")
        }
        var current = model
        // history[t] is the (detached) state before step t + 1.
        var history: [[Tensor]] = [try initialState ?? model.cell.zeroState(batch: first.shape.first ?? 1)]
        var chunks: [TruncatedChunk] = []
        var summed = model.parameters.map { Tensor.zeros(like: $0) }
        var total = 0.0
        for s in stride(from: 0, to: inputs.count, by: k1) {
            let e = Swift.min(s + k1, inputs.count)
            let w = Swift.max(0, e - k2)
            // Steps before the window only carry the state forward (no graph).
            while history.count <= w {
                let t = history.count - 1
                history.append(try current.nativeStep(inputs[t], history[t]).state)
            }
            let lossMask = (w..<e).map { t in t >= s ? targets[t] : nil }
            let (chunkLoss, gradients) = native
                ? try nativeWindow(current, inputs: Array(inputs[w..<e]), targets: lossMask, from: history[w])
                : try graphWindow(current, inputs: Array(inputs[w..<e]), targets: lossMask, from: history[w])
            // The state carried to later chunks: steps s..<e with the current parameters.
            for t in s..<e {
                let next = try current.nativeStep(inputs[t], history[t]).state
                if t + 1 < history.count { history[t + 1] = next } else { history.append(next) }
            }
            chunks.append(TruncatedChunk(steps: s..<e, window: w..<e, loss: chunkLoss, gradients: gradients))
            total += chunkLoss
            summed = try zip(summed, gradients).map { try $0 + $1 }
            if let update { current = try update(current, gradients) }
        }
        return TruncatedBPTTResult(chunks: chunks, loss: total, summedGradients: summed, model: current,
                                   finalState: history.last ?? [])
    }

    /// The loss of one window recorded on the graph from a detached state, and its parameter gradients.
    static func graphWindow<Cell: RecurrentCell>(
        _ model: SequenceModel<Cell>, inputs: [Tensor], targets: [[Int]?], from state: [Tensor]
    ) throws -> (Double, [Tensor]) {
        let parameters = model.parameters.map(Variable.init)
        let pass = try unroll(model, inputs: inputs, targets: targets, from: state.map(Variable.init), parameters: parameters)
        guard let loss = pass.loss else { return (0, model.parameters.map { Tensor.zeros(like: $0) }) }
        return (loss.value.scalarValue ?? 0, try grads(loss, wrt: parameters).map(\.value))
    }

    /// The same on the native path.
    static func nativeWindow<Cell: RecurrentCell>(
        _ model: SequenceModel<Cell>, inputs: [Tensor], targets: [[Int]?], from state: [Tensor]
    ) throws -> (Double, [Tensor]) {
        guard targets.contains(where: { $0 != nil }) else { return (0, model.parameters.map { Tensor.zeros(like: $0) }) }
        let result = try fullNative(model, inputs: inputs, targets: targets, initialState: state)
        return (result.loss, result.gradients)
    }
}
