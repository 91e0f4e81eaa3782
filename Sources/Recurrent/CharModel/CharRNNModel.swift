import TensorCore
import Formats
import Foundation

/// A vanilla tanh character RNN (min-char-rnn): a vocabulary and one flat
/// float64 parameter buffer laid out by ``CharRNNLayout``.
///
///     hₜ = tanh(Wxh[:, xₜ] + Whh·hₜ₋₁ + bh),   pₜ = softmax(Why·hₜ + by)
public struct CharRNNModel: Equatable, Sendable {
    public let vocabulary: CharVocabulary
    public let layout: CharRNNLayout
    /// All weights, in the order Wxh, Whh, Why, bh, by (row-major each).
    public internal(set) var parameters: [Double]

    /// Hidden size H.
    public var hidden: Int { layout.hidden }

    /// Small random weights and zero biases, drawn in min-char-rnn's order
    /// (Wxh, then Whh, then Why; row-major):
    ///
    ///     W ~ 0.01 · N(0, 1),   bh = 0,   by = 0
    ///
    /// The stream comes from ``RandomGenerator`` (not numpy's), so use
    /// ``init(referenceJSON:)`` to start from numpy's exact numbers.
    public init(vocabulary: CharVocabulary, hidden: Int, seed: UInt64) throws {
        let layout = try CharRNNLayout(hidden: hidden, vocabulary: vocabulary.count)
        var generator = RandomGenerator(seed: seed)
        var parameters = [Double](repeating: 0, count: layout.count)
        for i in 0..<layout.bh { parameters[i] = generator.nextNormal() * 0.01 }
        self.vocabulary = vocabulary
        self.layout = layout
        self.parameters = parameters
    }

    /// A model from explicit parameters (`layout.count` of them, all finite).
    public init(vocabulary: CharVocabulary, hidden: Int, parameters: [Double]) throws {
        let layout = try CharRNNLayout(hidden: hidden, vocabulary: vocabulary.count)
        guard parameters.count == layout.count else {
            throw TensorError(.shapeMismatch, "charrnn", "a model with H = \(hidden), V = \(vocabulary.count) has \(layout.count) parameters, got \(parameters.count)")
        }
        guard parameters.allSatisfy(\.isFinite) else {
            throw TensorError(.invalidArgument, "charrnn", "the parameters contain nan or infinity")
        }
        self.vocabulary = vocabulary
        self.layout = layout
        self.parameters = parameters
    }

    /// One weight block as a tensor: `"Wxh"` (H × V), `"Whh"` (H × H),
    /// `"Why"` (V × H), `"bh"` (H) or `"by"` (V).
    public func tensor(named name: String) throws -> Tensor {
        guard let block = layout.blocks.first(where: { $0.name == name }) else {
            throw TensorError(.invalidArgument, "charrnn", "no weight named '\(name)'; the weights are Wxh, Whh, Why, bh, by")
        }
        let count = block.shape.reduce(1, *)
        return try Tensor(shape: block.shape, scalars: Array(parameters[block.offset..<block.offset + count]))
    }

    /// Replaces the whole parameter buffer (same count, all finite).
    public mutating func setParameters(_ values: [Double]) throws {
        self = try CharRNNModel(vocabulary: vocabulary, hidden: hidden, parameters: values)
    }
}

// MARK: - The reference weight file (min_char_rnn.py --dump-init / --init)

extension CharRNNModel {
    /// Loads the JSON written by the numpy reference's `--dump-init`: keys
    /// `vocab` (the sorted characters as one string), `Wxh`, `Whh`, `Why`
    /// (row-major nested lists) and `bh`, `by` (flat lists). Numbers are read
    /// with correct rounding, so the weights are numpy's to the last bit. When
    /// `vocab` is missing, `vocabulary` must be given.
    public init(referenceJSON data: Data, vocabulary fallback: CharVocabulary? = nil) throws {
        let json: JSONValue
        do {
            json = try JSONValue.parse(data)
        } catch {
            throw TensorError(.invalidArgument, "charrnn", "the weight file is not valid JSON: \(error)")
        }
        let vocabulary: CharVocabulary
        if let text = json["vocab"]?.stringValue {
            vocabulary = try CharVocabulary(symbols: Array(text.unicodeScalars))
        } else if let fallback {
            vocabulary = fallback
        } else {
            throw TensorError(.invalidArgument, "charrnn", "the weight file has no 'vocab' and no vocabulary was given")
        }
        let v = vocabulary.count
        guard let whhRows = json["Whh"]?.arrayValue else {
            throw TensorError(.invalidArgument, "charrnn", "the weight file needs the keys Wxh, Whh, Why, bh, by")
        }
        let hidden = whhRows.count
        func matrix(_ name: String, _ r: Int, _ c: Int) throws -> [Double] {
            guard let rows = json[name]?.arrayValue, rows.count == r else {
                throw TensorError(.shapeMismatch, "charrnn", "\(name) should be a list of \(r) rows for H = \(hidden), V = \(v)")
            }
            var flat: [Double] = []
            flat.reserveCapacity(r * c)
            for row in rows {
                guard let values = row.doubles, values.count == c else {
                    throw TensorError(.shapeMismatch, "charrnn", "every row of \(name) should hold \(c) numbers for H = \(hidden), V = \(v)")
                }
                flat += values
            }
            return flat
        }
        func vector(_ name: String, _ n: Int) throws -> [Double] {
            guard let values = json[name]?.doubles, values.count == n else {
                throw TensorError(.shapeMismatch, "charrnn", "\(name) should be a list of \(n) numbers")
            }
            return values
        }
        let flat = try matrix("Wxh", hidden, v) + matrix("Whh", hidden, hidden) + matrix("Why", v, hidden)
            + vector("bh", hidden) + vector("by", v)
        try self.init(vocabulary: vocabulary, hidden: hidden, parameters: flat)
    }

    /// The model in the reference JSON format (readable by `--init`), numbers in
    /// shortest round-trip form.
    public func referenceJSON() -> Data {
        let h = layout.hidden, v = layout.vocabulary
        func list(_ offset: Int, _ n: Int) -> JSONValue { JSONValue(Array(parameters[offset..<offset + n])) }
        func rows(_ offset: Int, _ r: Int, _ c: Int) -> JSONValue { .array((0..<r).map { list(offset + $0 * c, c) }) }
        let json: JSONValue = [
            "vocab": .string(vocabulary.string), "Wxh": rows(layout.wxh, h, v), "Whh": rows(layout.whh, h, h),
            "Why": rows(layout.why, v, h), "bh": list(layout.bh, h), "by": list(layout.by, v),
        ]
        return Data(json.encodedBytes(.spaced))
    }
}
