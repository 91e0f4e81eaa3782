import TensorCore
/// The characters of a text, sorted by Unicode code point, and the index of
/// each — the same order as Python's `sorted(set(text))`, so indices agree with
/// numpy reference runs.
///
/// ```swift
/// let vocab = try CharVocabulary(text: "hello")   // e h l o
/// try vocab.encode("hole")                         // [1, 3, 2, 0]
/// ```
public struct CharVocabulary: Equatable, Sendable {
    /// The distinct code points in ascending order; position = index.
    public let symbols: [Unicode.Scalar]
    private let indexOf: [Unicode.Scalar: Int32]

    /// Number of distinct characters V.
    public var count: Int { symbols.count }

    /// The vocabulary of `text` (which must not be empty).
    public init(text: String) throws {
        let unique = Set(text.unicodeScalars)
        guard !unique.isEmpty else {
            throw TensorError(.invalidArgument, "vocabulary", "the text is empty; give a text with at least two characters")
        }
        try self.init(symbols: unique.sorted { $0.value < $1.value })
    }

    /// A vocabulary with exactly these symbols in this order (they must be
    /// distinct, e.g. the `vocab` string of a reference weight file).
    public init(symbols: [Unicode.Scalar]) throws {
        var map: [Unicode.Scalar: Int32] = [:]
        for (i, s) in symbols.enumerated() {
            guard map[s] == nil else {
                throw TensorError(.invalidArgument, "vocabulary", "character \(s.escaped(asASCII: true)) appears twice")
            }
            map[s] = Int32(i)
        }
        guard !symbols.isEmpty, symbols.count <= CharRNNLayout.maxVocabulary else {
            throw TensorError(.invalidArgument, "vocabulary", "a vocabulary needs 1...\(CharRNNLayout.maxVocabulary) characters, got \(symbols.count)")
        }
        self.symbols = symbols
        self.indexOf = map
    }

    /// The vocabulary as one string (symbols in index order).
    public var string: String {
        var s = String.UnicodeScalarView()
        s.append(contentsOf: symbols)
        return String(s)
    }

    /// The index of every code point of `text`; a character outside the
    /// vocabulary is an error naming it.
    public func encode(_ text: String) throws -> [Int32] {
        var result: [Int32] = []
        result.reserveCapacity(text.unicodeScalars.count)
        for s in text.unicodeScalars {
            guard let i = indexOf[s] else {
                throw TensorError(.indexOutOfRange, "vocabulary", "character \(s.escaped(asASCII: true)) is not in the vocabulary of \(count) characters")
            }
            result.append(i)
        }
        return result
    }

    /// The text for a list of indices; every index must be below ``count``.
    public func decode(_ indices: [Int]) throws -> String {
        var s = String.UnicodeScalarView()
        for i in indices {
            guard i >= 0, i < symbols.count else {
                throw TensorError(.indexOutOfRange, "vocabulary", "index \(i) is outside 0..<\(symbols.count)")
            }
            s.append(symbols[i])
        }
        return String(s)
    }

    /// The index of one character, or nil if it is not in the vocabulary.
    public func index(of scalar: Unicode.Scalar) -> Int? { indexOf[scalar].map(Int.init) }
}
