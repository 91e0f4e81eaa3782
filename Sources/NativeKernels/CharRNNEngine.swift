import Foundation

/// The hand-written forward and backward pass of the vanilla tanh character
/// RNN for one truncated sequence (batch 1, float64), on preallocated buffers.
///
/// Forward, for t = 0 … T−1 with input index xₜ and target index yₜ:
///
///     hₜ = tanh(Wxh[:, xₜ] + Whh·hₜ₋₁ + bh)          (a strided gather, not a one-hot product)
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
///
/// Parameters and gradients live in one flat buffer in min-char-rnn's order:
/// `Wxh (H × V)`, `Whh (H × H)`, `Why (V × H)`, `bh (H)`, `by (V)`, each
/// row-major, back to back (Recurrent's `CharRNNLayout`).
public final class CharRNNEngine {
    /// Hidden size H.
    public let hidden: Int
    /// Vocabulary size V.
    public let vocab: Int
    /// The longest sequence the buffers hold.
    public let capacity: Int

    /// Offsets of the five blocks in the parameter buffer.
    private let wxh = 0, whh: Int, why: Int, bh: Int, by: Int
    /// Transposed Why (H × V), the right operand of the output GEMM.
    private let whyT: UnsafeMutablePointer<Double>
    /// Hidden states, (T+1) × H: row 0 is hₜ₋₁ for t = 0, row t+1 is hₜ.
    public let states: UnsafeMutablePointer<Double>
    /// Logits, then probabilities, then ∂loss/∂z (T × V).
    public let outputs: UnsafeMutablePointer<Double>
    /// Whyᵀ·gₜ for every step (T × H).
    private let outputGradient: UnsafeMutablePointer<Double>
    /// rₜ = ∂loss/∂(pre-activation) for every step (T × H).
    private let rawGradient: UnsafeMutablePointer<Double>
    /// Packing space for the GEMMs.
    private let scratch: UnsafeMutablePointer<Double>
    private let dnext: UnsafeMutablePointer<Double>

    /// Buffers for sequences of up to `capacity` steps of a model with hidden
    /// size `hidden` and `vocabulary` characters (all three positive).
    public init(hidden: Int, vocabulary: Int, capacity: Int) {
        self.hidden = hidden
        self.vocab = vocabulary
        self.capacity = capacity
        whh = hidden * vocabulary
        why = whh + hidden * hidden
        bh = why + vocabulary * hidden
        by = bh + hidden
        func buffer(_ n: Int) -> UnsafeMutablePointer<Double> {
            let p = UnsafeMutablePointer<Double>.allocate(capacity: n)
            p.initialize(repeating: 0, count: n)
            return p
        }
        whyT = buffer(hidden * vocab)
        states = buffer((capacity + 1) * hidden)
        outputs = buffer(capacity * vocab)
        outputGradient = buffer(capacity * hidden)
        rawGradient = buffer(capacity * hidden)
        let T = capacity, H = hidden, V = vocab
        scratch = buffer(Swift.max(gemmScratchCount(m: T, n: V, k: H), gemmScratchCount(m: V, n: H, k: T),
                                   gemmScratchCount(m: T, n: H, k: V), gemmScratchCount(m: H, n: H, k: T)))
        dnext = buffer(hidden)
    }

    deinit {
        for p in [whyT, scratch, states, outputs, outputGradient, rawGradient, dnext] { p.deallocate() }
    }

    /// Runs the forward pass over `length` steps from `hidden` state `h0` and
    /// leaves probabilities in `outputs`. Returns the summed cross-entropy.
    /// Preconditions (checked by callers): `length ≤ capacity`, indices `< V`.
    public func forward(parameters: UnsafePointer<Double>, inputs: UnsafePointer<Int32>, targets: UnsafePointer<Int32>?,
                        length: Int, h0: UnsafePointer<Double>) -> Double {
        let H = hidden, V = vocab
        transpose(parameters + why, rows: V, columns: H, into: whyT)
        let whh = parameters + self.whh, bh = parameters + self.bh, by = parameters + self.by
        let vectorEnd = H & ~3
        states.update(from: h0, count: H)
        for t in 0..<length {
            let previous = states + t * H, current = previous + H
            matvec(rows: H, columns: H, w: whh, x: previous, y: current, descending: t % 2 == 1)
            // The input column Wxh[:, xₜ], one element every V doubles.
            var column = parameters + wxh + Int(inputs[t])
            var i = 0
            while i < vectorEnd {
                let input = Vector4(column[0], column[V], column[2 &* V], column[3 &* V])
                store4((input + load4(current + i)) + load4(bh + i), current + i)
                column += 4 &* V
                i += 4
            }
            while i < H { current[i] = (column[0] + current[i]) + bh[i]; column += V; i += 1 }
            tanhInPlace(current, count: H)
        }
        gemm(m: length, n: V, k: H, a: states + H, aRowStride: H, aColumnStride: 1,
             b: whyT, ldb: V, c: outputs, ldc: V, accumulate: false, scratch: scratch)
        var loss = 0.0
        for t in 0..<length {
            let z = outputs + t * V
            var largest = -Double.infinity
            for v in 0..<V { z[v] += by[v]; largest = Swift.max(largest, z[v]) }
            let total = shiftedExpInPlace(z, count: V, shift: largest)
            for v in 0..<V { z[v] /= total }
            if let targets { loss += -Foundation.log(z[Int(targets[t])]) }
        }
        return loss
    }

    /// Loss and gradients for one sequence. Writes all `2HV + H² + H + V`
    /// gradients into `gradients` (overwriting) and the last hidden state into
    /// `hLast`. Returns the summed loss.
    public func lossAndGradients(parameters: UnsafePointer<Double>, gradients: UnsafeMutablePointer<Double>,
                                 inputs: UnsafePointer<Int32>, targets: UnsafePointer<Int32>, length: Int,
                                 h0: UnsafePointer<Double>, hLast: UnsafeMutablePointer<Double>) -> Double {
        let H = hidden, V = vocab, T = length
        let loss = forward(parameters: parameters, inputs: inputs, targets: targets, length: T, h0: h0)
        hLast.update(from: states + T * H, count: H)
        for t in 0..<T { outputs[t * V + Int(targets[t])] -= 1 }

        // Output layer: dWhy = Σₜ gₜ hₜᵀ (t descending), dby = Σₜ gₜ, and Whyᵀ·gₜ for all t.
        gemm(m: V, n: H, k: T, a: outputs + (T - 1) * V, aRowStride: 1, aColumnStride: -V,
             b: states + T * H, ldb: -H, c: gradients + why, ldc: H, accumulate: false, scratch: scratch)
        let dby = gradients + by
        dby.update(repeating: 0, count: V)
        for t in stride(from: T - 1, through: 0, by: -1) {
            let g = outputs + t * V
            for v in 0..<V { dby[v] += g[v] }
        }
        gemm(m: T, n: H, k: V, a: outputs, aRowStride: V, aColumnStride: 1,
             b: parameters + why, ldb: H, c: outputGradient, ldc: H, accumulate: false, scratch: scratch)

        // The recurrence, backwards in time.
        dnext.update(repeating: 0, count: H)
        for t in stride(from: T - 1, through: 0, by: -1) {
            let h = states + (t + 1) * H, fromOutput = outputGradient + t * H, r = rawGradient + t * H
            for i in 0..<H {
                let total = fromOutput[i] + dnext[i]
                r[i] = (1 - h[i] * h[i]) * total
            }
            if t > 0 { matvecTransposed(rows: H, columns: H, w: parameters + whh, x: r, y: dnext, descending: t % 2 == 0) }
        }

        // Weight gradients of the recurrence: dWhh = Σₜ rₜ hₜ₋₁ᵀ, dbh = Σₜ rₜ, dWxh[:, xₜ] += rₜ.
        gemm(m: H, n: H, k: T, a: rawGradient + (T - 1) * H, aRowStride: 1, aColumnStride: -H,
             b: states + (T - 1) * H, ldb: -H, c: gradients + whh, ldc: H, accumulate: false, scratch: scratch)
        let dbh = gradients + bh, dWxh = gradients + wxh
        dbh.update(repeating: 0, count: H)
        dWxh.update(repeating: 0, count: H * V)
        for t in stride(from: T - 1, through: 0, by: -1) {
            let r = rawGradient + t * H
            var column = dWxh + Int(inputs[t])   // dWxh[:, xₜ], one element every V doubles
            for i in 0..<H { dbh[i] += r[i]; column.pointee += r[i]; column += V }
        }
        return loss
    }
}
