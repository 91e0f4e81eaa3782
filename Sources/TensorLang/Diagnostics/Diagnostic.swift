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
            // Shown as `interrupted: stopped at your request`: the kind is not said twice.
            self.init(.interrupted, error.message, at: span, notes: ["variables assigned before the interrupt keep their values"])
            return
        }
        self.init(kind, error.message, at: span)
    }
}
