import Foundation
import TensorLang

/// A text shaded character by character (`shade_text`), laid out once for the terminal,
/// SVG and the text alternative. Each value is read against the largest magnitude m:
/// five levels, strongly negative (below −m/2), negative, near zero (within ±m/5),
/// positive and strongly positive (above m/2). A colour terminal paints each character's
/// background (blues below zero, reds above); without colour a line of marks goes under
/// each line of text (`=` `-` blank `+` `#`); SVG paints a box under each character.
struct ShadedTextView: Sendable {
    var picture: ShadedText
    /// The largest magnitude (1 when every value is 0).
    let scale: Double

    init(_ picture: ShadedText) {
        self.picture = picture
        scale = picture.values.map(abs).max().flatMap { $0 > 0 ? $0 : nil } ?? 1
    }

    /// −2 … 2 for a value.
    func level(_ v: Double) -> Int {
        let x = v / scale
        return x < -0.5 ? -2 : x < -0.2 ? -1 : x <= 0.2 ? 0 : x <= 0.5 ? 1 : 2
    }

    static let marks: [Character] = ["=", "-", " ", "+", "#"]
    /// xterm-256 backgrounds, light enough for black text: two blues, none, two reds.
    static let backgrounds: [Int?] = [111, 153, nil, 224, 210]
    static let svgFills = ["#6f9fe8", "#b8d0f5", "", "#f6c4c0", "#e8776f"]

    /// The text cut into display lines: at each line break, and every `width` characters.
    /// Each entry is the characters' indices (the line break itself is not shown).
    func lines(width: Int) -> [[Int]] {
        var out: [[Int]] = [], current: [Int] = []
        for (k, ch) in picture.characters.enumerated() {
            if ch == "\n" || ch == "\r\n" { out.append(current); current = []; continue }
            if current.count >= max(width, 8) { out.append(current); current = [] }
            current.append(k)
        }
        if !current.isEmpty || out.isEmpty { out.append(current) }
        return out
    }

    /// A character as one terminal column (tabs and control characters become a space).
    static func shown(_ ch: Character) -> String {
        ch == "\t" || ch.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F } ? " " : String(ch)
    }

    var legend: String {
        "shading: = below −\(compactNumber(scale / 2)), - below −\(compactNumber(scale / 5)), + above \(compactNumber(scale / 5)), # above \(compactNumber(scale / 2))"
    }

    /// Terminal lines: on a colour terminal each character on its background; the plain
    /// form (the same lines without escapes) has a line of marks under each text line.
    func lines(columns: Int, colour: Bool) -> [StyledLine] {
        var out: [StyledLine] = []
        if !picture.title.isEmpty { out.append(StyledLine(picture.title, bold: true)) }
        let key = colour ? "background: blue below 0, red above; the stronger, the larger" : legend
        out += wrapWords(key, width: max(columns, 20)).map { StyledLine($0) }
        for line in lines(width: max(columns - 2, 20)) {
            var text = StyledLine(), marks = ""
            for k in line {
                let l = level(picture.values[k]) + 2
                if colour, let background = Self.backgrounds[l] {
                    text.append(Self.shown(picture.characters[k]), style: TextStyle(colour: 16, background: background))
                } else {
                    text.append(Self.shown(picture.characters[k]))
                }
                marks.append(Self.marks[l])
            }
            out.append(text)
            if !colour { out.append(StyledLine(marks)) }
        }
        return out
    }

    // MARK: SVG

    func svg(description: String) -> String {
        let lineWidth = 100, cell = 7.2, height = 16.0, margin = 10.0
        let shownLines = lines(width: lineWidth)
        let longest = shownLines.map(\.count).max() ?? 0
        let top = picture.title.isEmpty ? margin : margin + 18
        var body: [String] = []
        if !picture.title.isEmpty { body.append(SVGText.text(picture.title, x: margin, y: margin + 11, bold: true)) }
        for (row, line) in shownLines.enumerated() {
            let y = top + Double(row) * height
            var text = ""
            for (column, k) in line.enumerated() {
                let fill = Self.svgFills[level(picture.values[k]) + 2]
                let x = margin + Double(column) * cell
                if !fill.isEmpty {
                    body.append(##"<rect x="\##(SVGText.fmt(x))" y="\##(SVGText.fmt(y))" width="\##(SVGText.fmt(cell))" height="\##(SVGText.fmt(height))" fill="\##(fill)"><title>\##(compactNumber(picture.values[k]))</title></rect>"##)
                }
                text += Self.shown(picture.characters[k])
            }
            body.append(##"<text x="\##(SVGText.fmt(margin))" y="\##(SVGText.fmt(y + 12))" font-family="DejaVu Sans Mono, monospace" font-size="12" textLength="\##(SVGText.fmt(Double(line.count) * cell))" lengthAdjust="spacingAndGlyphs" xml:space="preserve">\##(SVGText.escape(text))</text>"##)
        }
        return SVGText.document(width: 2 * margin + Double(max(longest, 20)) * cell, height: top + Double(shownLines.count) * height + margin,
                                title: picture.title.isEmpty ? "shaded text" : picture.title, description: description, body: body)
    }

    // MARK: Text alternative

    /// The runs of consecutive characters (within a line) at level ≥ 2 (or ≤ −2 when `negative`).
    func strongRuns(negative: Bool) -> [String] {
        var runs: [String] = [], current = ""
        for (k, ch) in picture.characters.enumerated() {
            let strong = negative ? level(picture.values[k]) == -2 : level(picture.values[k]) == 2
            if strong, ch != "\n" { current += Self.shown(ch) } else if !current.isEmpty { runs.append(current); current = "" }
        }
        if !current.isEmpty { runs.append(current) }
        return runs
    }

    var textAlternative: PictureText {
        let title = picture.title.isEmpty ? "" : " \"\(picture.title)\""
        let values = picture.values
        let shownLines = lines(width: Int.max / 2)
        guard let low = values.min(), let high = values.max() else {
            return PictureText(summary: "Shaded text\(title) with no characters.")
        }
        var summary = "Shaded text\(title): \(values.count) characters on \(shownLines.count) line\(shownLines.count == 1 ? "" : "s"), values from \(compactNumber(low)) to \(compactNumber(high))."
        for negative in [false, true] {
            let runs = strongRuns(negative: negative)
            let count = values.filter { negative ? level($0) == -2 : level($0) == 2 }.count
            summary += " Strongly \(negative ? "negative (below −" : "positive (above ")\(compactNumber(scale / 2))): \(count) characters"
            summary += runs.isEmpty ? "." : ", in \(runs.count) stretch\(runs.count == 1 ? "" : "es"), first " + runs.prefix(6).map { "\"\($0)\"" }.joined(separator: ", ") + "."
        }
        let table = TextTable(header: ["line", "text", "mean", "min", "max"], rows: sampledIndices(shownLines.count).map { r in
            let line = shownLines[r]
            let text = line.map { Self.shown(picture.characters[$0]) }.joined()
            let v = line.map { values[$0] }
            let cut = text.count > 40 ? String(text.prefix(39)) + "…" : text
            guard let lo = v.min(), let hi = v.max() else { return ["\(r + 1)", "", "", "", ""] }
            return ["\(r + 1)", cut, compactNumber(v.reduce(0, +) / Double(v.count)), compactNumber(lo), compactNumber(hi)]
        })
        return PictureText(summary: summary, table: table)
    }
}
