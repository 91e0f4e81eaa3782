import TensorCore
import Foundation

/// The hand-written forward and backward pass of the vanilla tanh character
/// RNN for one truncated sequence (batch 1, float64), on preallocated buffers.
///
/// Forward, for t = 0 … T−1 with input index xₜ and target index yₜ:
///
///     hₜ = tanh(Wxh[:, xₜ] + Whh·hₜ₋₁ + bh)          (a gather, not a one-hot product)
///     zₜ = Why·hₜ + by,   pₜ = softmax(zₜ),   loss = Σₜ −ln pₜ[yₜ]
///
/// Backward (gₜ = ∂loss/∂zₜ = pₜ − e(yₜ)):
///
///     dhₜ = Whyᵀ·gₜ + dnextₜ,   rₜ = (1 − hₜ²) ⊙ dhₜ,   dnextₜ₋₁ = Whhᵀ·rₜ
///     dWhy = Σ gₜ hₜᵀ   dby = Σ gₜ   dWhh = Σ rₜ hₜ₋₁ᵀ   dbh = Σ rₜ   dWxh[:, xₜ] += rₜ
///
/// Only the two recurrences (Whh·h forward, Whhᵀ·r backward) are sequential;
/// the output layer, its gradient and the weight gradients are each one GEMM
/// over all T steps. Sums over time run from t = T−1 down to 0, the order of
/// the reference implementation, so the weight gradients match it bit for bit
/// given equal hidden states.
final class CharRNNEngine {
    let layout: CharRNNLayout
    let capacity: Int

    private let hidden: Int
    private let vocab: Int
    /// Transposed Wxh (V × H): row xₜ is the input column Wxh[:, xₜ], contiguous.
    private let wxhT: UnsafeMutablePointer<Double>
    /// Transposed Why (H × V), the right operand of the output GEMM.
    private let whyT: UnsafeMutablePointer<Double>
    /// Hidden states, (T+1) × H: row 0 is hₜ₋₁ for t = 0, row t+1 is hₜ.
    let states: UnsafeMutablePointer<Double>
    /// Logits, then probabilities, then ∂loss/∂z (T × V).
    let outputs: UnsafeMutablePointer<Double>
    /// Whyᵀ·gₜ for every step (T × H).
    private let outputGradient: UnsafeMutablePointer<Double>
    /// rₜ = ∂loss/∂(pre-activation) for every step (T × H).
    private let rawGradient: UnsafeMutablePointer<Double>
    /// Gradient of Wxh accumulated transposed (V × H), rows scattered by xₜ.
    private let wxhGradientT: UnsafeMutablePointer<Double>
    private let dh: UnsafeMutablePointer<Double>
    private let dnext: UnsafeMutablePointer<Double>

    /// Buffers for sequences of up to `capacity` steps.
    init(layout: CharRNNLayout, capacity: Int) {
        self.layout = layout
        self.capacity = capacity
        hidden = layout.hidden
        vocab = layout.vocabulary
        func buffer(_ n: Int) -> UnsafeMutablePointer<Double> {
            let p = UnsafeMutablePointer<Double>.allocate(capacity: n)
            p.initialize(repeating: 0, count: n)
            return p
        }
        wxhT = buffer(vocab * hidden)
        whyT = buffer(hidden * vocab)
        states = buffer((capacity + 1) * hidden)
        outputs = buffer(capacity * vocab)
        outputGradient = buffer(capacity * hidden)
        rawGradient = buffer(capacity * hidden)
        wxhGradientT = buffer(vocab * hidden)
        dh = buffer(hidden)
        dnext = buffer(hidden)
    }

    deinit {
        for p in [wxhT, whyT, states, outputs, outputGradient, rawGradient, wxhGradientT, dh, dnext] { p.deallocate() }
    }

    /// Copies a row-major `rows × columns` matrix into `destination` transposed.
    private func transpose(_ source: UnsafePointer<Double>, rows: Int, columns: Int, into destination: UnsafeMutablePointer<Double>) {
        for i in 0..<rows {
            let row = source + i * columns
            for j in 0..<columns { destination[j * rows + i] = row[j] }
        }
    }

    /// Runs the forward pass over `length` steps from `hidden` state `h0` and
    /// leaves probabilities in `outputs`. Returns the summed cross-entropy.
    /// Preconditions (checked by callers): `length ≤ capacity`, indices `< V`.
    func forward(parameters: UnsafePointer<Double>, inputs: UnsafePointer<Int32>, targets: UnsafePointer<Int32>?,
                 length: Int, h0: UnsafePointer<Double>) -> Double {
        let H = hidden, V = vocab
        transpose(parameters + layout.wxh, rows: H, columns: V, into: wxhT)
        transpose(parameters + layout.why, rows: V, columns: H, into: whyT)
        let whh = parameters + layout.whh, bh = parameters + layout.bh, by = parameters + layout.by
        states.update(from: h0, count: H)
        for t in 0..<length {
            let previous = states + t * H, current = previous + H
            matvec(rows: H, columns: H, w: whh, x: previous, y: current)
            let column = wxhT + Int(inputs[t]) * H
            for i in 0..<H { current[i] = Foundation.tanh((column[i] + current[i]) + bh[i]) }
        }
        gemm(m: length, n: V, k: H, a: states + H, aRowStride: H, aColumnStride: 1,
             b: whyT, ldb: V, c: outputs, ldc: V, accumulate: false)
        var loss = 0.0
        for t in 0..<length {
            let z = outputs + t * V
            var largest = -Double.infinity
            for v in 0..<V { z[v] += by[v]; largest = Swift.max(largest, z[v]) }
            var total = 0.0
            for v in 0..<V { let e = Foundation.exp(z[v] - largest); z[v] = e; total += e }
            for v in 0..<V { z[v] /= total }
            if let targets { loss += -Foundation.log(z[Int(targets[t])]) }
        }
        return loss
    }

    /// Loss and gradients for one sequence. Writes all `layout.count`
    /// gradients into `gradients` (overwriting) and the last hidden state into
    /// `hLast`. Returns the summed loss.
    func lossAndGradients(parameters: UnsafePointer<Double>, gradients: UnsafeMutablePointer<Double>,
                          inputs: UnsafePointer<Int32>, targets: UnsafePointer<Int32>, length: Int,
                          h0: UnsafePointer<Double>, hLast: UnsafeMutablePointer<Double>) -> Double {
        let H = hidden, V = vocab, T = length
        let loss = forward(parameters: parameters, inputs: inputs, targets: targets, length: T, h0: h0)
        hLast.update(from: states + T * H, count: H)
        for t in 0..<T { outputs[t * V + Int(targets[t])] -= 1 }

        // Output layer: dWhy = Σₜ gₜ hₜᵀ (t descending), dby = Σₜ gₜ, and Whyᵀ·gₜ for all t.
        gemm(m: V, n: H, k: T, a: outputs + (T - 1) * V, aRowStride: 1, aColumnStride: -V,
             b: states + T * H, ldb: -H, c: gradients + layout.why, ldc: H, accumulate: false)
        let dby = gradients + layout.by
        dby.update(repeating: 0, count: V)
        for t in stride(from: T - 1, through: 0, by: -1) {
            let g = outputs + t * V
            for v in 0..<V { dby[v] += g[v] }
        }
        gemm(m: T, n: H, k: V, a: outputs, aRowStride: V, aColumnStride: 1,
             b: parameters + layout.why, ldb: H, c: outputGradient, ldc: H, accumulate: false)

        // The recurrence, backwards in time.
        let whh = parameters + layout.whh
        dnext.update(repeating: 0, count: H)
        for t in stride(from: T - 1, through: 0, by: -1) {
            let h = states + (t + 1) * H, fromOutput = outputGradient + t * H, r = rawGradient + t * H
            for i in 0..<H {
                let total = fromOutput[i] + dnext[i]
                r[i] = (1 - h[i] * h[i]) * total
            }
            if t > 0 { matvecTransposed(rows: H, columns: H, w: whh, x: r, y: dnext) }
        }

        // Weight gradients of the recurrence: dWhh = Σₜ rₜ hₜ₋₁ᵀ, dbh = Σₜ rₜ, dWxh[:, xₜ] += rₜ.
        gemm(m: H, n: H, k: T, a: rawGradient + (T - 1) * H, aRowStride: 1, aColumnStride: -H,
             b: states + (T - 1) * H, ldb: -H, c: gradients + layout.whh, ldc: H, accumulate: false)
        let dbh = gradients + layout.bh
        dbh.update(repeating: 0, count: H)
        wxhGradientT.update(repeating: 0, count: V * H)
        for t in stride(from: T - 1, through: 0, by: -1) {
            let r = rawGradient + t * H, row = wxhGradientT + Int(inputs[t]) * H
            for i in 0..<H { dbh[i] += r[i]; row[i] += r[i] }
        }
        transpose(wxhGradientT, rows: V, columns: H, into: gradients + layout.wxh)
        return loss
    }
}
