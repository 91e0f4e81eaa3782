import Foundation
import Formats
import TensorCore

/// A character model with any single-layer cell (LSTM, GRU, MUT1–3 or vanilla) and a readout:
///
///     state_t = cell(onehot(x_t), state_{t−1}),   p_t = softmax(W_hy·h_t + b_y)
///
/// what ``CellCharTrainer`` trains, as a value that can be saved, loaded, sampled and recorded.
/// The saved form is JSON (``json(note:digits:)``): the vocabulary, the cell kind and every
/// parameter as a flat row-major list, so numpy can read the same numbers.
public struct CharCellModel: Sendable {
    /// `"lstm"`, `"gru"`, `"mut1"`, `"mut2"`, `"mut3"` or `"rnn"`.
    public let kind: String
    public let vocabulary: CharVocabulary
    public let network: SequenceModel<AnyRecurrentCell>

    public init(kind: String, vocabulary: CharVocabulary, network: SequenceModel<AnyRecurrentCell>) throws {
        guard network.cell.inputSize == vocabulary.count, network.readout.outputSize == vocabulary.count else {
            throw TensorError(.shapeMismatch, "char_model", "the cell reads \(network.cell.inputSize) and the readout writes \(network.readout.outputSize) classes, but the vocabulary has \(vocabulary.count) characters")
        }
        self.kind = kind
        self.vocabulary = vocabulary
        self.network = network
    }

    public var hidden: Int { network.cell.hiddenSize }

    // MARK: Saved form

    static let format = "unroll-char-cell-model"

    /// The model as JSON; `digits` significant digits per weight (17 keeps every bit).
    public func json(note: String = "", digits: Int = 17) -> String {
        let d = Swift.max(1, Swift.min(17, digits))
        func list(_ t: Tensor) -> String {
            "[" + t.scalars.map { d == 17 ? "\($0)" : String(format: "%.\(d)g", $0) }.joined(separator: ",") + "]"
        }
        let names = network.parameterNames, values = network.parameters
        let parameters = zip(names, values).map { name, t in
            "\(JSONValue.quoted(name)): {\"shape\": [\(t.shape.map(String.init).joined(separator: ", "))], \"data\": \(list(t))}"
        }
        return "{\"format\": \"\(CharCellModel.format)\", \"kind\": \(JSONValue.quoted(kind)), \"hidden\": \(hidden), "
            + "\"chars\": \(JSONValue.quoted(vocabulary.string)), \"note\": \(JSONValue.quoted(note)),\n"
            + "\"parameters\": {\n" + parameters.joined(separator: ",\n") + "}}\n"
    }

    /// Reads the JSON that ``json(note:digits:)`` writes.
    public init(json bytes: [UInt8]) throws {
        let root: JSONValue
        do { root = try JSONValue.parse(bytes) } catch {
            throw TensorError(.invalidArgument, "load_model", "the saved model is not valid JSON: \(error)")
        }
        guard root["format"]?.stringValue == CharCellModel.format,
              let kind = root["kind"]?.stringValue, let chars = root["chars"]?.stringValue,
              let hidden = root["hidden"]?.intValue, (1...4096).contains(hidden) else {
            throw TensorError(.invalidArgument, "load_model", "not a saved character model (expected \"format\": \"\(CharCellModel.format)\" with kind, hidden and chars)")
        }
        let vocabulary = try CharVocabulary(symbols: Array(chars.unicodeScalars))
        var scratch = RandomGenerator(seed: 0)   // shapes only; every weight is replaced below
        let cell = try AnyRecurrentCell(named: kind, inputSize: vocabulary.count, hiddenSize: hidden, using: &scratch)
        let template = try SequenceModel(cell: cell, outputSize: vocabulary.count, using: &scratch)
        let tensors = try zip(template.parameterNames, template.parameters).map { name, t -> Tensor in
            guard let entry = root["parameters"]?[name], let data = entry["data"]?.doubles, data.count == t.count,
                  data.allSatisfy(\.isFinite) else {
                throw TensorError(.invalidArgument, "load_model", "parameter '\(name)' is missing or does not hold \(t.count) finite numbers")
            }
            return try Tensor(shape: t.shape, scalars: data)
        }
        try self.init(kind: kind, vocabulary: vocabulary, network: try template.withParameters(tensors))
    }

    // MARK: Using the model

    /// The one-hot inputs for `indices`, one (1, V) row per character.
    func inputs(_ indices: [Int]) throws -> [Tensor] {
        try indices.map { try Tensor.oneHot([$0], depth: vocabulary.count) }
    }

    /// Every state and gate over `text`, from a zero state.
    public func record(_ text: String) throws -> CellRecording {
        let indices = try vocabulary.encode(text).map(Int.init)
        guard !indices.isEmpty else { throw TensorError(.invalidArgument, "record_cells", "the text is empty") }
        return try CellRecording(cell: network.cell, inputs: try inputs(indices))
    }

    /// The teacher-forced loss Σ −ln p(next character) over `text`, from a zero state.
    public func loss(of text: String) throws -> Double {
        let indices = try vocabulary.encode(text).map(Int.init)
        guard indices.count >= 2 else { throw TensorError(.invalidArgument, "char_loss", "the text needs at least two characters") }
        let targets: [[Int]?] = indices.dropFirst().map { [$0] }
        return try BPTT.fullNative(network, inputs: try inputs(Array(indices.dropLast())), targets: targets).loss
    }

    /// `count` characters generated after reading `seed` (temperature 0: always the likeliest).
    public func sample(after seed: [Int], count: Int, temperature: Double, using generator: inout RandomGenerator) throws -> [Int] {
        guard !seed.isEmpty else { throw TensorError(.invalidArgument, "sample", "give at least one start character") }
        var state = try network.cell.zeroState()
        var scores = Tensor(0)
        for index in seed {
            (state, scores) = try network.nativeStep(try Tensor.oneHot([index], depth: vocabulary.count), state)
        }
        var out: [Int] = []
        for _ in 0..<Swift.max(0, count) {
            let row = try scores.reshaped([vocabulary.count])
            let next = temperature == 0 ? try row.argmax() : try Tensor.choice(try (row / Tensor(temperature)).softmax(), using: &generator)
            out.append(next)
            (state, scores) = try network.nativeStep(try Tensor.oneHot([next], depth: vocabulary.count), state)
        }
        return out
    }
}
