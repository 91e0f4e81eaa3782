import TensorCore
/// Where each weight of the vanilla character RNN lives in its one flat
/// parameter buffer (and, identically, in the gradient and optimiser buffers).
///
/// Order and shapes follow min-char-rnn: `Wxh (H × V)`, `Whh (H × H)`,
/// `Why (V × H)`, `bh (H)`, `by (V)`, each row-major, back to back:
///
///     count = 2·H·V + H² + H + V
///
/// Keeping everything in one buffer makes clipping and every optimiser a single
/// loop over `count` numbers.
public struct CharRNNLayout: Equatable, Sendable {
    /// Hidden size H.
    public let hidden: Int
    /// Vocabulary size V (number of distinct characters).
    public let vocabulary: Int

    /// Largest hidden size accepted (keeps every buffer far below the tensor limit).
    public static let maxHidden = 4096
    /// Largest vocabulary accepted.
    public static let maxVocabulary = 65_536

    /// A layout for hidden size `hidden` and `vocabulary` characters; both must
    /// be positive and within ``maxHidden`` / ``maxVocabulary``.
    public init(hidden: Int, vocabulary: Int) throws {
        guard hidden > 0, hidden <= Self.maxHidden else {
            throw TensorError(.invalidArgument, "charrnn", "hidden size \(hidden) is outside 1...\(Self.maxHidden); pick a positive size such as 100")
        }
        guard vocabulary > 0, vocabulary <= Self.maxVocabulary else {
            throw TensorError(.invalidArgument, "charrnn", "vocabulary size \(vocabulary) is outside 1...\(Self.maxVocabulary)")
        }
        guard hidden * vocabulary <= 50_000_000 else {
            throw TensorError(.limitExceeded, "charrnn", "a \(hidden) × \(vocabulary) input matrix is too large; use a smaller hidden size")
        }
        self.hidden = hidden
        self.vocabulary = vocabulary
    }

    /// Offset of `Wxh` (H × V).
    public var wxh: Int { 0 }
    /// Offset of `Whh` (H × H).
    public var whh: Int { hidden * vocabulary }
    /// Offset of `Why` (V × H).
    public var why: Int { whh + hidden * hidden }
    /// Offset of `bh` (H).
    public var bh: Int { why + vocabulary * hidden }
    /// Offset of `by` (V).
    public var by: Int { bh + hidden }
    /// Total number of parameters, `2HV + H² + H + V`.
    public var count: Int { by + vocabulary }

    /// The five blocks in buffer order with their names, offsets and shapes.
    public var blocks: [(name: String, offset: Int, shape: [Int])] {
        [("Wxh", wxh, [hidden, vocabulary]), ("Whh", whh, [hidden, hidden]), ("Why", why, [vocabulary, hidden]),
         ("bh", bh, [hidden]), ("by", by, [vocabulary])]
    }

    /// Model floating-point operations per training iteration of `seqLength`
    /// steps, counting 2 per multiply-add in the matrix products only (the input
    /// projection is a gather, so it is not counted):
    ///
    ///     flops = T · (6·H·V + 6·H²)
    public func modelFlopsPerIteration(seqLength: Int) -> Double {
        let h = Double(hidden), v = Double(vocabulary)
        return Double(seqLength) * (6 * h * v + 6 * h * h)
    }
}
