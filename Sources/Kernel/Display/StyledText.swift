/// How a run of terminal text looks: a foreground and a background colour
/// (xterm-256), bold, italic, dim. Plain text ignores it.
struct TextStyle: Sendable, Equatable, Hashable {
    var colour: Int?
    var background: Int?
    var bold = false
    var italic = false
    var dim = false

    static let plain = TextStyle()
    static let strong = TextStyle(bold: true)

    /// The SGR codes that switch this style on; empty for plain text.
    var codes: [String] {
        (bold ? ["1"] : []) + (dim ? ["2"] : []) + (italic ? ["3"] : []) + (colour.map { ["38;5;\($0)"] } ?? []) + (background.map { ["48;5;\($0)"] } ?? [])
    }
}

/// Text for a terminal with a style per run of characters. Pictures and lesson
/// prose are built once as styled lines and written either plain (pipes,
/// NO_COLOR, notebooks' `text/plain`) or with ANSI escape codes (a colour
/// terminal), so the two forms never differ in anything but the escape codes.
struct StyledLine: Sendable, Equatable {
    var runs: [(text: String, style: TextStyle)] = []

    init() {}
    init(_ text: String, colour: Int? = nil, bold: Bool = false) { append(text, colour: colour, bold: bold) }
    init(_ text: String, style: TextStyle) { append(text, style: style) }

    static func == (a: StyledLine, b: StyledLine) -> Bool { a.plain == b.plain && a.ansi == b.ansi }

    mutating func append(_ text: String, colour: Int? = nil, bold: Bool = false) {
        append(text, style: TextStyle(colour: colour, bold: bold))
    }

    mutating func append(_ text: String, style: TextStyle) {
        guard !text.isEmpty else { return }
        if let last = runs.last, last.style == style {
            runs[runs.count - 1].text += text
        } else {
            runs.append((text, style))
        }
    }

    mutating func append(_ other: StyledLine) {
        for run in other.runs { append(run.text, style: run.style) }
    }

    /// The characters alone.
    var plain: String { runs.map(\.text).joined() }

    /// The characters with ANSI escape codes around each styled run.
    var ansi: String {
        runs.map { run in
            let codes = run.style.codes
            return codes.isEmpty ? run.text : "\u{1B}[\(codes.joined(separator: ";"))m\(run.text)\u{1B}[0m"
        }.joined()
    }

    /// Width in terminal columns (every character used here is one column wide).
    var width: Int { runs.reduce(0) { $0 + $1.text.count } }
}

extension Array where Element == StyledLine {
    /// The lines joined, with colour or without, trailing spaces removed.
    func joined(colour: Bool) -> String {
        map { line in
            var text = colour ? line.ansi : line.plain
            while text.hasSuffix(" ") { text.removeLast() }
            return text
        }.joined(separator: "\n")
    }
}

/// `text` broken at spaces into lines of at most `width` characters (a longer
/// word gets a line of its own); existing line breaks are kept.
func wrapWords(_ text: String, width: Int) -> [String] {
    let width = max(width, 1)
    var lines: [String] = []
    for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
        var line = ""
        for word in paragraph.split(separator: " ", omittingEmptySubsequences: true) {
            if !line.isEmpty, line.count + 1 + word.count > width {
                lines.append(line)
                line = ""
            }
            line += (line.isEmpty ? "" : " ") + word
        }
        lines.append(line)
    }
    return lines
}
