import TensorCore

/// The one error type of the language, for every phase: lexing, parsing and running.
///
/// It carries a kind, a lowercase message that names the code in quotes and says what
/// to do next, the span it is about (UTF-8 offsets), optional notes, and whether the
/// input merely stopped early (an unclosed bracket, block or string), which is how the
/// REPL decides to ask for a continuation line.
public struct Diagnostic: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable, Equatable, CaseIterable {
        case lexical, syntax, name, argument, type, shape, index, value, limit, recursion, interrupted
    }

    public var kind: Kind
    public var message: String
    public var span: SourceSpan
    public var notes: [String]
    /// True when more input could complete the program (unclosed bracket, block or string at the end).
    public var isIncomplete: Bool

    public init(_ kind: Kind, _ message: String, at span: SourceSpan, notes: [String] = [], incomplete: Bool = false) {
        self.kind = kind
        self.message = message
        self.span = span
        self.notes = notes
        self.isIncomplete = incomplete
    }

    public var description: String { "\(kind.rawValue) error: \(message)" }

    /// Translates a tensor error into a diagnostic pointing at `span`.
    public init(_ error: TensorError, at span: SourceSpan) {
        let kind: Kind
        switch error.kind {
        case .shapeMismatch: kind = .shape
        case .indexOutOfRange: kind = .index
        case .invalidArgument: kind = .value
        case .limitExceeded: kind = .limit
        case .interrupted:
            self.init(.interrupted, "interrupted", at: span, notes: ["variables assigned before the interrupt keep their values"])
            return
        }
        self.init(kind, error.message, at: span)
    }
}

/// Whether a piece of source is a complete program, needs more lines, or can never parse.
public enum Completeness: String, Sendable, Equatable {
    case complete, incomplete, invalid
}

/// Classifies `source` for a REPL continuation prompt or Jupyter's `is_complete_request`.
public func isComplete(_ source: String) -> Completeness {
    do {
        _ = try Parser.parse(source)
        return .complete
    } catch {
        return error.isIncomplete ? .incomplete : .invalid
    }
}

/// Levenshtein distance, for "did you mean" suggestions.
func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
        current[0] = i
        for j in 1...b.count {
            let cost = a[i - 1] == b[j - 1] ? 0 : 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
        }
        swap(&previous, &current)
    }
    return previous[b.count]
}

/// The closest candidate to `name` within a distance that scales with its length, if any.
func closestName(to name: String, among candidates: some Sequence<String>) -> String? {
    let threshold = max(1, name.count / 3)
    var best: (String, Int)?
    for candidate in candidates {
        let d = editDistance(name.lowercased(), candidate.lowercased())
        if d <= threshold, d < (best?.1 ?? Int.max) || (d == best?.1 && candidate < (best?.0 ?? "")) {
            best = (candidate, d)
        }
    }
    return best?.0
}
