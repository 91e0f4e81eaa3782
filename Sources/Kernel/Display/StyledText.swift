/// Text for a terminal with optional colour per run of characters. Pictures are
/// built once as styled lines and written either plain (pipes, NO_COLOR,
/// notebooks' `text/plain`) or with ANSI colour (a colour terminal), so the
/// two forms never differ in anything but the escape codes.
struct StyledLine: Sendable, Equatable {
    /// Runs of text, each with an xterm-256 foreground colour, a bold flag, or neither.
    var runs: [(text: String, colour: Int?, bold: Bool)] = []

    init() {}
    init(_ text: String, colour: Int? = nil, bold: Bool = false) { append(text, colour: colour, bold: bold) }

    static func == (a: StyledLine, b: StyledLine) -> Bool { a.plain == b.plain && a.ansi == b.ansi }

    mutating func append(_ text: String, colour: Int? = nil, bold: Bool = false) {
        guard !text.isEmpty else { return }
        if let last = runs.last, last.colour == colour, last.bold == bold {
            runs[runs.count - 1].text += text
        } else {
            runs.append((text, colour, bold))
        }
    }

    mutating func append(_ other: StyledLine) {
        for run in other.runs { append(run.text, colour: run.colour, bold: run.bold) }
    }

    /// The characters alone.
    var plain: String { runs.map(\.text).joined() }

    /// The characters with ANSI escape codes around each coloured or bold run.
    var ansi: String {
        runs.map { run in
            guard run.colour != nil || run.bold else { return run.text }
            let codes = (run.bold ? ["1"] : []) + (run.colour.map { ["38;5;\($0)"] } ?? [])
            return "\u{1B}[\(codes.joined(separator: ";"))m\(run.text)\u{1B}[0m"
        }.joined()
    }

    /// Width in terminal columns (every character of a picture is one column wide).
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
