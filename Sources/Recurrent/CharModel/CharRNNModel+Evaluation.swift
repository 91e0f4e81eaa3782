import Foundation
import TensorCore

/// Loss, gradients and final state of one teacher-forced sequence.
public struct CharRNNEvaluation: Equatable, Sendable {
    /// `Σₜ −ln pₜ[targetₜ]`.
    public var loss: Double
    /// ∂loss/∂θ in the flat layout (not clipped).
    public var gradients: [Double]
    /// The hidden state after the last input.
    public var finalHidden: [Double]
}

/// How the next character is chosen when sampling.
public enum SamplingMode: Equatable, Sendable {
    /// Always the most likely character (ties: the lowest index).
    case argmax
    /// Draw from `softmax(z / τ)`; τ < 1 sharpens, τ > 1 flattens.
    case temperature(Double)
}

extension CharRNNModel {
    private func checkSequence(_ indices: [Int], _ name: String) throws -> [Int32] {
        let v = layout.vocabulary
        return try indices.map { i in
            guard i >= 0, i < v else {
                throw TensorError(.indexOutOfRange, "charrnn", "\(name) index \(i) is outside the vocabulary 0..<\(v)")
            }
            return Int32(i)
        }
    }

    private func checkHidden(_ h0: [Double]?) throws -> [Double] {
        let h = h0 ?? [Double](repeating: 0, count: hidden)
        guard h.count == hidden, h.allSatisfy(\.isFinite) else {
            throw TensorError(.shapeMismatch, "charrnn", "the initial hidden state needs \(hidden) finite values, got \(h.count)")
        }
        return h
    }

    /// Teacher forcing: feeds the true `inputs` (never the model's own
    /// guesses), scores each prediction against `targets`, and back-propagates
    /// through the whole sequence. `h0` defaults to zeros.
    public func lossAndGradients(inputs: [Int], targets: [Int], h0: [Double]? = nil) throws -> CharRNNEvaluation {
        try lossAndGradients(inputs: inputs, targets: targets, h0: h0, instructionSet: .active)
    }

    /// ``lossAndGradients(inputs:targets:h0:)`` computed by a chosen build of the native kernels.
    func lossAndGradients(inputs: [Int], targets: [Int], h0: [Double]?,
                          instructionSet: NativeInstructionSet) throws -> CharRNNEvaluation {
        guard !inputs.isEmpty, inputs.count == targets.count, inputs.count <= 100_000 else {
            throw TensorError(.shapeMismatch, "charrnn", "inputs and targets need the same length in 1...100000, got \(inputs.count) and \(targets.count)")
        }
        guard inputs.count * (hidden + layout.vocabulary) <= TensorLimits.maxElements else {
            throw TensorError(.limitExceeded, "charrnn", "\(inputs.count) steps × (H + V) activations exceed the limit of \(TensorLimits.maxElements); evaluate shorter pieces")
        }
        let x = try checkSequence(inputs, "input"), y = try checkSequence(targets, "target")
        var h = try checkHidden(h0)
        var gradients = [Double](repeating: 0, count: layout.count)
        let engine = makeCharRNNEngine(layout: layout, capacity: x.count, instructionSet: instructionSet)
        let loss = parameters.withUnsafeBufferPointer { p in
            gradients.withUnsafeMutableBufferPointer { g in
                h.withUnsafeMutableBufferPointer { hb in
                    x.withUnsafeBufferPointer { xb in
                        y.withUnsafeBufferPointer { yb -> Double in
                            guard let p = p.baseAddress, let g = g.baseAddress, let hp = hb.baseAddress,
                                  let xp = xb.baseAddress, let yp = yb.baseAddress else { return .nan }
                            return engine.lossAndGradients(parameters: p, gradients: g, inputs: xp, targets: yp,
                                                           length: x.count, h0: hp, hLast: hp)
                        }
                    }
                }
            }
        }
        return CharRNNEvaluation(loss: loss, gradients: gradients, finalHidden: h)
    }

    /// The teacher-forced loss of `text` (each character predicts the next),
    /// starting from a zero hidden state.
    public func loss(of text: String) throws -> Double {
        let indices = try vocabulary.encode(text).map(Int.init)
        guard indices.count >= 2 else {
            throw TensorError(.invalidArgument, "charrnn", "scoring needs at least two characters")
        }
        return try lossAndGradients(inputs: Array(indices.dropLast()), targets: Array(indices.dropFirst())).loss
    }

    /// One step of the recurrence: `h ← tanh(Wxh[:, x] + Whh·h + bh)`, then
    /// writes the logits `z = Why·h + by` into `logits`.
    private func advance(_ h: inout [Double], input x: Int, logits: inout [Double], scratch: inout [Double]) {
        let H = hidden, V = layout.vocabulary
        parameters.withUnsafeBufferPointer { pb in
            h.withUnsafeMutableBufferPointer { hb in
                scratch.withUnsafeMutableBufferPointer { sb in
                    logits.withUnsafeMutableBufferPointer { zb in
                        guard let p = pb.baseAddress, let hp = hb.baseAddress, let s = sb.baseAddress,
                              let z = zb.baseAddress else { return }
                        let kernels = NativeInstructionSet.activeKernels
                        kernels.matvec(H, H, p + layout.whh, hp, s, false, false)
                        for i in 0..<H { hp[i] = (p[layout.wxh + i * V + x] + s[i]) + p[layout.bh + i] }
                        kernels.tanhInPlace(hp, H)
                        kernels.matvec(V, H, p + layout.why, hp, z, false, false)
                        for v in 0..<V { z[v] += p[layout.by + v] }
                    }
                }
            }
        }
    }

    /// Generates `count` character indices after feeding `seed` (one or more
    /// indices, the last of which is the first input), starting from `h0`
    /// (zeros by default). Deterministic for a given generator state.
    public func sample(seed: [Int], count: Int, mode: SamplingMode, h0: [Double]? = nil,
                       using generator: inout RandomGenerator) throws -> [Int] {
        guard !seed.isEmpty else { throw TensorError(.invalidArgument, "sample", "give at least one seed character") }
        guard count >= 0, count <= 1_000_000 else {
            throw TensorError(.invalidArgument, "sample", "count \(count) must be in 0...1000000")
        }
        if case .temperature(let tau) = mode, !(tau > 0 && tau.isFinite) {
            throw TensorError(.invalidArgument, "sample", "temperature must be a positive finite number, got \(tau)")
        }
        let seedIndices = try checkSequence(seed, "seed").map(Int.init)
        var h = try checkHidden(h0)
        var logits = [Double](repeating: 0, count: layout.vocabulary), scratch = [Double](repeating: 0, count: hidden)
        for x in seedIndices.dropLast() { advance(&h, input: x, logits: &logits, scratch: &scratch) }
        var x = seedIndices[seedIndices.count - 1]
        var output: [Int] = []
        output.reserveCapacity(count)
        for _ in 0..<count {
            try ExecutionContext.checkpoint("sample")
            advance(&h, input: x, logits: &logits, scratch: &scratch)
            x = Self.choose(logits, mode: mode, using: &generator)
            output.append(x)
        }
        return output
    }

    /// Picks an index from logits: the argmax, or a draw from `softmax(z/τ)` by
    /// inverting the cumulative distribution at one uniform number.
    static func choose(_ z: [Double], mode: SamplingMode, using generator: inout RandomGenerator) -> Int {
        var best = 0
        for v in z.indices where z[v] > z[best] { best = v }
        guard case .temperature(let tau) = mode else { return best }
        let weights = z.map { Foundation.exp(($0 - z[best]) / tau) }
        let total = weights.reduce(0, +)
        let u = generator.nextUniform() * total
        var cumulative = 0.0
        for (v, w) in weights.enumerated() {
            cumulative += w
            if u < cumulative { return v }
        }
        return best
    }
}
