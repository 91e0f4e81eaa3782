/// Where a position in a cell falls for a person typing: inside a string or a
/// comment, and inside which brackets. Completion offers nothing inside strings
/// and comments; a console's continuation line is indented by the brackets open.
///
/// A light scan of the text before the position, the lexer's rules in brief:
/// `#` starts a comment to the end of the line; a string starts with `"` or `'`,
/// takes `\` escapes and ends at its quote or at the end of its line.
struct CodeContext: Equatable {
    var inString = false
    var inComment = false
    /// The brackets open at the position, outermost first: `(`, `[` or `{`.
    var openBrackets: [Character] = []

    init(_ characters: [Character], upTo position: Int) {
        var quote: Character?
        var index = 0
        let end = max(0, min(position, characters.count))
        while index < end {
            let c = characters[index]
            index += 1
            if inComment {
                if c == "\n" { inComment = false }
            } else if let open = quote {
                if c == "\\" { index += 1 } else if c == open || c == "\n" { quote = nil }
            } else if c == "#" {
                inComment = true
            } else if c == "\"" || c == "'" {
                quote = c
            } else if "([{".contains(c) {
                openBrackets.append(c)
            } else if ")]}".contains(c), !openBrackets.isEmpty {
                openBrackets.removeLast()
            }
        }
        inString = quote != nil
    }

    /// The indentation of the next line: two spaces per open bracket (at least one level).
    var indent: String { String(repeating: "  ", count: max(1, openBrackets.count)) }
}
