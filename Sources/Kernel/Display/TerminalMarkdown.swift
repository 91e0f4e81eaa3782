/// Lesson prose (Markdown) rendered for a terminal, the way `glow` or `rich`
/// do it: headings bold and underlined, `**bold**` and `*italic*` without
/// their markers, inline code highlighted, code blocks indented behind a
/// gutter, list items with bullets and hanging indents, paragraphs wrapped to
/// the terminal. Math written in code or with `_`/`^` inside words is left as
/// it is, so `h_t` and `σ^k` stay readable.
///
/// Without colour (a pipe, NO_COLOR) the same layout is written plain, and
/// inline code keeps its backticks so it still stands out. The accessible
/// form draws no lines: no underlines and no gutter.
struct TerminalMarkdown {
    /// Paragraphs are wrapped to this many columns.
    var width: Int = 80
    /// Whether the text will be shown with colour (inline code then loses its backticks).
    var colour: Bool = false
    /// Whether to avoid box-drawing characters (for screen readers).
    var accessible: Bool = false

    static let headingColour = 25, codeColour = 30

    func render(_ markdown: String) -> [StyledLine] {
        // Diagrams drawn with box characters are read out as noise: plain ASCII reads as arrows and bars.
        let markdown = accessible ? Self.asciiDrawing(markdown) : markdown
        var out: [StyledLine] = []
        var paragraph: [String] = []
        func flush() {
            guard !paragraph.isEmpty else { return }
            out += wrap(inline(paragraph.joined(separator: " ")), width: width, indent: "", hanging: "")
            paragraph = []
        }
        func gap() { if let last = out.last, !last.plain.isEmpty { out.append(StyledLine()) } }

        let lines = markdown.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var i = 0
        while i < lines.count {
            let line = lines[i]
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") {
                flush(); gap()
                let fence = String(trimmed.prefix(3))
                i += 1
                var code: [String] = []
                while i < lines.count, !lines[i].trimmingCharacters(in: .whitespaces).hasPrefix(fence) {
                    code.append(lines[i]); i += 1
                }
                out += codeBlock(code)
                out.append(StyledLine())
            } else if trimmed.isEmpty {
                flush()
                gap()
            } else if let (level, text) = heading(trimmed) {
                flush(); gap()
                let lines = wrapWords(text, width: width)
                out += lines.map { StyledLine($0, style: TextStyle(colour: level == 1 ? Self.headingColour : nil, bold: true)) }
                if level <= 2, !accessible {
                    let length = lines.map(\.count).max() ?? 0
                    out.append(StyledLine(String(repeating: level == 1 ? "═" : "─", count: min(length, width)), style: TextStyle(dim: true)))
                }
                out.append(StyledLine())
            } else if line.hasPrefix("    ") || line.hasPrefix("\t"), paragraph.isEmpty {
                var code: [String] = []
                while i < lines.count, lines[i].hasPrefix("    ") || lines[i].hasPrefix("\t") || lines[i].trimmingCharacters(in: .whitespaces).isEmpty {
                    code.append(lines[i].hasPrefix("\t") ? String(lines[i].dropFirst()) : String(lines[i].dropFirst(min(4, lines[i].count))))
                    i += 1
                }
                while code.last?.trimmingCharacters(in: .whitespaces).isEmpty == true { code.removeLast() }
                gap()
                out += codeBlock(code)
                out.append(StyledLine())
                continue
            } else if let (marker, text, indent) = listItem(line) {
                flush()
                var item = text
                // Continuation lines of the item (indented, not a new item).
                while i + 1 < lines.count, lines[i + 1].hasPrefix(" "), listItem(lines[i + 1]) == nil,
                      !lines[i + 1].trimmingCharacters(in: .whitespaces).isEmpty {
                    i += 1
                    item += " " + lines[i].trimmingCharacters(in: .whitespaces)
                }
                let lead = String(repeating: " ", count: indent) + "  " + marker + " "
                out += wrap(inline(item), width: width, indent: lead, hanging: String(repeating: " ", count: lead.count))
            } else if trimmed.hasPrefix(">") {
                flush()
                let text = trimmed.dropFirst().trimmingCharacters(in: .whitespaces)
                let bar = accessible ? "> " : "  │ "
                out += wrap(inline(text), width: width, indent: bar, hanging: bar)
            } else if trimmed.hasPrefix("|") {
                flush()
                out.append(StyledLine(line))
            } else {
                paragraph.append(trimmed)
            }
            i += 1
        }
        flush()
        while out.last?.plain.isEmpty == true { out.removeLast() }
        return out
    }

    /// `text` with box-drawing, block and arrow characters replaced by ASCII
    /// (`──▶` → `-->`, `│` → `|`, corners → `+`), for accessible mode.
    static func asciiDrawing(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { scalar -> Unicode.Scalar in
            switch scalar.value {
            case 0x2500, 0x2501, 0x2504, 0x2505, 0x2508, 0x2509, 0x254C, 0x254D: return "-"
            case 0x2502, 0x2503, 0x2506, 0x2507, 0x250A, 0x250B, 0x254E, 0x254F: return "|"
            case 0x2550: return "="
            case 0x2551: return "|"
            case 0x2500...0x257F: return "+"
            case 0x2580...0x259F: return "#"
            case 0x25B6, 0x25BA: return ">"
            case 0x25C0, 0x25C4: return "<"
            case 0x25B2: return "^"
            case 0x25BC: return "v"
            default: return scalar
            }
        }))
    }

    // MARK: Blocks

    private func heading(_ line: String) -> (Int, String)? {
        let hashes = line.prefix { $0 == "#" }.count
        guard (1...6).contains(hashes), line.dropFirst(hashes).first == " " else { return nil }
        return (hashes, line.dropFirst(hashes).trimmingCharacters(in: .whitespaces))
    }

    /// `- item`, `* item`, `1. item` → (bullet or number, text, indentation).
    private func listItem(_ line: String) -> (String, String, Int)? {
        let indent = line.prefix { $0 == " " }.count
        let rest = line.dropFirst(indent)
        if let first = rest.first, "-*+".contains(first), rest.dropFirst().first == " " {
            return ("•", rest.dropFirst(2).trimmingCharacters(in: .whitespaces), indent)
        }
        let digits = rest.prefix { $0.isNumber }
        if !digits.isEmpty, digits.count <= 3, let dot = rest.dropFirst(digits.count).first, dot == "." || dot == ")",
           rest.dropFirst(digits.count + 1).first == " " {
            return (digits + ".", rest.dropFirst(digits.count + 2).trimmingCharacters(in: .whitespaces), indent)
        }
        return nil
    }

    /// Code lines behind a gutter (a dim bar on a terminal; four spaces when accessible), never wrapped.
    func codeBlock(_ code: [String]) -> [StyledLine] {
        code.map { text in
            var line = StyledLine(accessible ? "    " : "  │ ", style: TextStyle(dim: true))
            line.append(text, style: TextStyle(colour: Self.codeColour))
            return line
        }
    }

    // MARK: Inline

    /// Words with their styles: `**bold**`, `*italic*` / `_italic_`, `` `code` ``, `[text](url)`.
    func inline(_ text: String) -> [(String, TextStyle)] {
        var pieces: [(String, TextStyle)] = []
        let chars = Array(text)
        var plain = ""
        func emit(_ s: String, _ style: TextStyle) {
            if !plain.isEmpty { pieces.append((plain, .plain)); plain = "" }
            pieces.append((s, style))
        }
        func isWordChar(_ i: Int) -> Bool { i >= 0 && i < chars.count && (chars[i].isLetter || chars[i].isNumber) }
        func find(_ delimiter: [Character], from start: Int) -> Int? {
            var j = start
            while j + delimiter.count <= chars.count {
                if Array(chars[j..<(j + delimiter.count)]) == delimiter, j > start, chars[j - 1] != " ", !isWordChar(j + delimiter.count) {
                    return j
                }
                j += 1
            }
            return nil
        }
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c == "\\", i + 1 < chars.count, "\\`*_[]#".contains(chars[i + 1]) {
                plain.append(chars[i + 1]); i += 2; continue
            }
            if c == "`", let close = chars[(i + 1)...].firstIndex(of: "`") {
                let code = String(chars[(i + 1)..<close])
                emit(colour ? code : "`\(code)`", TextStyle(colour: Self.codeColour))
                i = close + 1; continue
            }
            let opensEmphasis = !isWordChar(i - 1) && i + 1 < chars.count && chars[i + 1] != " "
            if c == "*", i + 1 < chars.count, chars[i + 1] == "*", !isWordChar(i - 1), i + 2 < chars.count, chars[i + 2] != " ",
               let close = find(["*", "*"], from: i + 2) {
                emit(String(chars[(i + 2)..<close]), .strong)
                i = close + 2; continue
            }
            if (c == "*" || c == "_"), opensEmphasis, let close = find([c], from: i + 1) {
                emit(String(chars[(i + 1)..<close]), TextStyle(italic: true))
                i = close + 1; continue
            }
            if c == "[", let mid = chars[i...].firstIndex(of: "]"), mid + 1 < chars.count, chars[mid + 1] == "(",
               let end = chars[(mid + 1)...].firstIndex(of: ")") {
                emit(String(chars[(i + 1)..<mid]), TextStyle(colour: Self.headingColour))
                emit(" (" + String(chars[(mid + 2)..<end]) + ")", TextStyle(dim: true))
                i = end + 1; continue
            }
            plain.append(c)
            i += 1
        }
        if !plain.isEmpty { pieces.append((plain, .plain)) }
        return pieces
    }

    /// Styled pieces packed into lines of at most `width` columns; the first line
    /// starts with `indent`, later ones with `hanging`. A word longer than a line
    /// gets a line of its own.
    func wrap(_ pieces: [(String, TextStyle)], width: Int, indent: String, hanging: String) -> [StyledLine] {
        // Split into words, keeping each word's styled parts together ("`x`," is one word).
        var words: [[(String, TextStyle)]] = [[]]
        for (text, style) in pieces {
            var part = ""
            for ch in text {
                if ch == " " {
                    if !part.isEmpty { words[words.count - 1].append((part, style)); part = "" }
                    if !(words.last?.isEmpty ?? true) { words.append([]) }
                } else {
                    part.append(ch)
                }
            }
            if !part.isEmpty { words[words.count - 1].append((part, style)) }
        }
        var lines: [StyledLine] = []
        var line = StyledLine(indent)
        var empty = true
        for word in words where !word.isEmpty {
            let length = word.reduce(0) { $0 + $1.0.count }
            if !empty, line.width + 1 + length > width {
                lines.append(line)
                line = StyledLine(hanging)
                empty = true
            }
            if !empty { line.append(" ", style: .plain) }
            for (text, style) in word { line.append(text, style: style) }
            empty = false
        }
        if !empty { lines.append(line) }
        return lines
    }
}
