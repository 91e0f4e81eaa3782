/// The kinds of token the lexer produces.
public enum TokenKind: Sendable, Equatable {
    case number(Double)
    case string(String)
    case identifier(String)
    case keyword(Keyword)
    case symbol(Symbol)
    /// A line break that ends a statement (never produced inside `(...)` or `[...]`).
    case newline
    case endOfInput
}

/// Reserved words.
public enum Keyword: String, Sendable, CaseIterable {
    case def, `return`, `if`, `else`, `for`, `in`, `while`, `break`, `continue`
    case `true`, `false`, none, and, or, not
}

/// Punctuation and operators, longest spelling first when lexing.
public enum Symbol: String, Sendable, CaseIterable {
    case power = "**", range = "..", equal = "==", notEqual = "!=", lessEqual = "<=", greaterEqual = ">="
    case floorSlash = "//"
    case plus = "+", minus = "-", star = "*", slash = "/", percent = "%", at = "@", less = "<", greater = ">"
    case assign = "=", leftParen = "(", rightParen = ")", leftBracket = "[", rightBracket = "]"
    case leftBrace = "{", rightBrace = "}", comma = ",", colon = ":", semicolon = ";", dot = "."

    /// Symbols ordered so that two-character spellings are tried before their prefixes.
    static let longestFirst: [Symbol] = allCases.sorted { $0.rawValue.utf8.count > $1.rawValue.utf8.count }
}

/// One token: its kind and where it is in the source.
public struct Token: Sendable, Equatable {
    public var kind: TokenKind
    public var span: SourceSpan

    public init(_ kind: TokenKind, _ span: SourceSpan) {
        self.kind = kind
        self.span = span
    }

    /// How the token reads in an error message, e.g. `'+'`, `number 3`, `end of input`.
    public var display: String {
        switch kind {
        case .number(let v): return "number \(formatNumber(v))"
        case .string: return "a string"
        case .identifier(let n): return "'\(n)'"
        case .keyword(let k): return "'\(k.rawValue)'"
        case .symbol(let s): return "'\(s.rawValue)'"
        case .newline: return "end of line"
        case .endOfInput: return "end of input"
        }
    }
}

/// Formats a double the shortest way that reads back exactly; whole numbers without `.0`.
public func formatNumber(_ v: Double) -> String {
    if v.isNaN { return "nan" }
    if v.isInfinite { return v > 0 ? "inf" : "-inf" }
    if v == v.rounded(), Swift.abs(v) < 1e15 { return String(Int(v)) }
    return "\(v)"
}
