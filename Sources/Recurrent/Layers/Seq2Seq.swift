import Autodiff
import TensorCore

/// What a sequence-to-sequence loss returns.
public struct Seq2SeqResult: Sendable {
    /// L = Σ_t −log p(target_t), over the target tokens followed by END.
    public let loss: Double
    public let stepLosses: [Double]
    /// ∂L/∂θ for the encoder's parameters.
    public let encoderGradients: [Tensor]
    /// ∂L/∂θ for the decoder model's parameters (cell, then readout).
    public let decoderGradients: [Tensor]
    /// The encoder's final state, which initialised the decoder.
    public let encoderFinalState: [Tensor]
}

/// An encoder–decoder pair (batch of one):
///
///     encoder:  s_t = enc(x_t, s_{t−1}),  s_0 = 0           (reads the whole source)
///     decoder:  d_0 = s_T;  inputs START, y_1, …, y_n (one-hot, teacher forcing)
///               targets y_1, …, y_n, END;  L = Σ cross-entropy
///
/// Generation feeds START, then each picked token, until END or a length limit.
/// The decoder reads one-hot tokens, so its input size equals its vocabulary
/// (the readout's output size); encoder and decoder states must have the same layout.
public struct Seq2Seq<Encoder: RecurrentCell, Decoder: RecurrentCell>: Sendable {
    public let encoder: Encoder
    public let decoder: SequenceModel<Decoder>
    public let startToken: Int
    public let endToken: Int

    public init(encoder: Encoder, decoder: SequenceModel<Decoder>, startToken: Int, endToken: Int) throws {
        let vocabulary = decoder.readout.outputSize
        guard decoder.cell.inputSize == vocabulary else {
            throw TensorError(.shapeMismatch, "seq2seq", "the decoder reads one-hot tokens, so its input size \(decoder.cell.inputSize) must equal the vocabulary \(vocabulary)")
        }
        guard encoder.hiddenSize == decoder.cell.hiddenSize, encoder.stateNames.count == decoder.cell.stateNames.count else {
            throw TensorError(.shapeMismatch, "seq2seq", "the encoder's final state (\(encoder.stateNames.count) × \(encoder.hiddenSize)) must fit the decoder's (\(decoder.cell.stateNames.count) × \(decoder.cell.hiddenSize))")
        }
        try checkStartAndEnd(startToken, endToken, vocabulary: vocabulary, operation: "seq2seq")
        self.encoder = encoder
        self.decoder = decoder
        self.startToken = startToken
        self.endToken = endToken
    }

    public var parameters: [Tensor] { encoder.parameters + decoder.parameters }

    public func withParameters(_ p: [Tensor]) throws -> Seq2Seq<Encoder, Decoder> {
        let k = encoder.parameters.count
        guard p.count == parameters.count else {
            throw TensorError(.invalidArgument, "seq2seq", "expected \(parameters.count) parameters, got \(p.count)")
        }
        return try Seq2Seq(encoder: encoder.withParameters(Array(p[..<k])), decoder: decoder.withParameters(Array(p[k...])),
                           startToken: startToken, endToken: endToken)
    }

    /// The teacher-forced decoder inputs (START, y_1 … y_n) and targets (y_1 … y_n, END).
    public func decoderSequence(target: [Int]) throws -> (inputs: [Tensor], targets: [Int]) {
        let v = decoder.readout.outputSize
        let inputs = try ([startToken] + target).map { try oneHotRow($0, depth: v) }
        return (inputs, target + [endToken])
    }

    /// The summed cross-entropy of `target` given `source`, with gradients for both networks.
    public func loss(source: [Tensor], target: [Int]) throws -> Seq2SeqResult {
        guard !source.isEmpty else { throw TensorError(.invalidArgument, "seq2seq", "the source sequence is empty") }
        let encoderParameters = encoder.parameters.map(Variable.init)
        let decoderParameters = decoder.parameters.map(Variable.init)
        let start = try encoder.zeroState(batch: 1).map(Variable.init)
        let encoded = try encoder.runGraph(inputs: source.map(Variable.init), initialState: start, parameters: encoderParameters)
        let final = encoded.last ?? start
        let (inputs, targets) = try decoderSequence(target: target)
        let pass = try BPTT.unroll(decoder, inputs: inputs, targets: targets.map { [$0] }, from: final, parameters: decoderParameters)
        guard let loss = pass.loss else { throw TensorError(.invalidArgument, "seq2seq", "internal: the decoder produced no loss") }
        let derivatives = try grads(loss, wrt: encoderParameters + decoderParameters).map(\.value)
        return Seq2SeqResult(loss: loss.value.scalarValue ?? 0, stepLosses: pass.stepLosses,
                             encoderGradients: Array(derivatives[..<encoderParameters.count]),
                             decoderGradients: Array(derivatives[encoderParameters.count...]),
                             encoderFinalState: final.map(\.value))
    }

    /// The same loss and gradients on the native path: the decoder's ∂L/∂(initial state)
    /// is handed to the encoder's backward pass as the gradient of its final state.
    public func lossNative(source: [Tensor], target: [Int]) throws -> Seq2SeqResult {
        let trace = try encoder.runNative(inputs: source)
        let (inputs, targets) = try decoderSequence(target: target)
        let decoded = try BPTT.fullNative(decoder, inputs: inputs, targets: targets.map { [$0] }, initialState: trace.finalState)
        let encoded = try encoder.backpropNative(trace, hiddenGradients: source.map { _ in nil },
                                                 finalStateGradients: decoded.initialStateGradients)
        return Seq2SeqResult(loss: decoded.loss, stepLosses: decoded.stepLosses, encoderGradients: encoded.parameters,
                             decoderGradients: decoded.gradients, encoderFinalState: trace.finalState)
    }

    /// Encodes `source` natively and decodes from START until END (not included) or `maxLength` tokens.
    public func translate(source: [Tensor], maxLength: Int, choice: TokenChoice = .argmax,
                          using generator: inout RandomGenerator) throws -> [Int] {
        let trace = try encoder.runNative(inputs: source)
        let v = decoder.readout.outputSize
        return try decoder.decode(first: oneHotRow(startToken, depth: v), state: trace.finalState, maxLength: maxLength,
                                  endToken: endToken, choice: choice, using: &generator) { try oneHotRow($0, depth: v) }
    }
}

/// Checks that START and END, the tokens a decoder begins with and stops at, are two
/// different tokens of a vocabulary of `vocabulary` (for ``Seq2Seq`` and ``ConditionedModel``).
func checkStartAndEnd(_ startToken: Int, _ endToken: Int, vocabulary: Int, operation: String) throws {
    guard (0..<vocabulary).contains(startToken), (0..<vocabulary).contains(endToken), startToken != endToken else {
        throw TensorError(.invalidArgument, operation, "START \(startToken) and END \(endToken) must be different tokens below \(vocabulary)")
    }
}
