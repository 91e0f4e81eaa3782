/// Turns source text into tokens.
///
/// Line breaks end statements, except inside `(...)` and `[...]` where an expression
/// may span several lines. `#` starts a comment that runs to the end of the line.
/// An unclosed string at the end of the input is reported as *incomplete*.
public struct Lexer {
    private let bytes: [UInt8]
    private var position = 0
    /// Open `(` and `[` (not `{`): inside them line breaks are ignored.
    private var groupDepth = 0

    public init(_ source: String) {
        bytes = Array(source.utf8)
    }

    /// All tokens, ending with `.endOfInput`.
    public static func tokenize(_ source: String) throws(Diagnostic) -> [Token] {
        var lexer = Lexer(source)
        var tokens: [Token] = []
        while true {
            let token = try lexer.next()
            tokens.append(token)
            if token.kind == .endOfInput { return tokens }
        }
    }

    private func peek(_ offset: Int = 0) -> UInt8? {
        let i = position + offset
        return i < bytes.count ? bytes[i] : nil
    }

    public mutating func next() throws(Diagnostic) -> Token {
        skipSpaceAndComments()
        let start = position
        guard let c = peek() else { return Token(.endOfInput, SourceSpan(start, start)) }
        if c == UInt8(ascii: "\n") {
            position += 1
            return Token(.newline, SourceSpan(start, position))
        }
        if isDigit(c) || (c == UInt8(ascii: ".") && peek(1).map(isDigit) == true) { return try number() }
        if isIdentifierStart(c) { return identifier() }
        if c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") { return try string(quote: c) }
        for symbol in Symbol.longestFirst {
            let spelling = Array(symbol.rawValue.utf8)
            if position + spelling.count <= bytes.count, Array(bytes[position..<position + spelling.count]) == spelling {
                position += spelling.count
                switch symbol {
                case .leftParen, .leftBracket: groupDepth += 1
                case .rightParen, .rightBracket: groupDepth = max(0, groupDepth - 1)
                default: break
                }
                return Token(.symbol(symbol), SourceSpan(start, position))
            }
        }
        // Advance over one whole character (a UTF-8 scalar) so the span underlines it.
        position += 1
        while let b = peek(), b & 0xC0 == 0x80 { position += 1 }
        let text = String(decoding: bytes[start..<position], as: UTF8.self)
        throw Diagnostic(.lexical, "unexpected character '\(text)'", at: SourceSpan(start, position),
                         notes: text == "!" ? ["write 'not x' for negation and '!=' for inequality"] : [])
    }

    private mutating func skipSpaceAndComments() {
        while let c = peek() {
            if c == UInt8(ascii: " ") || c == UInt8(ascii: "\t") || c == UInt8(ascii: "\r") {
                position += 1
            } else if c == UInt8(ascii: "\n") && groupDepth > 0 {
                position += 1
            } else if c == UInt8(ascii: "\\") && peek(1) == UInt8(ascii: "\n") {
                position += 2
            } else if c == UInt8(ascii: "#") {
                while let d = peek(), d != UInt8(ascii: "\n") { position += 1 }
            } else {
                return
            }
        }
    }

    private mutating func number() throws(Diagnostic) -> Token {
        let start = position
        while let c = peek(), isDigit(c) || c == UInt8(ascii: "_") { position += 1 }
        if peek() == UInt8(ascii: "."), let d = peek(1), isDigit(d) {
            position += 1
            while let c = peek(), isDigit(c) { position += 1 }
        }
        if let e = peek(), e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
            var look = 1
            if let s = peek(1), s == UInt8(ascii: "+") || s == UInt8(ascii: "-") { look = 2 }
            if let d = peek(look), isDigit(d) {
                position += look
                while let c = peek(), isDigit(c) { position += 1 }
            }
        }
        let text = String(decoding: bytes[start..<position], as: UTF8.self).filter { $0 != "_" }
        guard let value = Double(text) else {
            throw Diagnostic(.lexical, "malformed number '\(text)'", at: SourceSpan(start, position))
        }
        return Token(.number(value), SourceSpan(start, position))
    }

    private mutating func identifier() -> Token {
        let start = position
        while let c = peek(), isIdentifierStart(c) || isDigit(c) { position += 1 }
        let text = String(decoding: bytes[start..<position], as: UTF8.self)
        if let keyword = Keyword(rawValue: text) { return Token(.keyword(keyword), SourceSpan(start, position)) }
        return Token(.identifier(text), SourceSpan(start, position))
    }

    private mutating func string(quote: UInt8) throws(Diagnostic) -> Token {
        let start = position
        position += 1
        var scalars: [UInt8] = []
        while true {
            guard let c = peek() else {
                throw Diagnostic(.lexical, "unterminated string", at: SourceSpan(start, position),
                                 notes: ["close it with \(Character(Unicode.Scalar(quote)))"], incomplete: true)
            }
            if c == UInt8(ascii: "\n") {
                throw Diagnostic(.lexical, "unterminated string", at: SourceSpan(start, position),
                                 notes: ["a string must end on the line where it starts; write \\n for a line break"])
            }
            position += 1
            if c == quote { break }
            if c == UInt8(ascii: "\\"), let escaped = peek() {
                position += 1
                switch escaped {
                case UInt8(ascii: "n"): scalars.append(UInt8(ascii: "\n"))
                case UInt8(ascii: "t"): scalars.append(UInt8(ascii: "\t"))
                default: scalars.append(escaped)
                }
            } else {
                scalars.append(c)
            }
        }
        return Token(.string(String(decoding: scalars, as: UTF8.self)), SourceSpan(start, position))
    }
}

private func isDigit(_ c: UInt8) -> Bool { c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") }

private func isIdentifierStart(_ c: UInt8) -> Bool {
    (c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z")) || (c >= UInt8(ascii: "A") && c <= UInt8(ascii: "Z"))
        || c == UInt8(ascii: "_")
}
