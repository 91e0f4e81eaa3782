/// Renders a diagnostic the way a compiler does: the line, the span underlined, the message.
///
/// ```
/// 2 | y = W @ x
///   |     ^^^^^ error: shapes (2, 2) and (3,) cannot be multiplied: inner sizes 2 and 3 differ
/// ```
///
/// A line wider than `maxLineWidth` characters (a generated one-line program, a line of
/// 200,000 dashes) is shown as a window around the span, its cut ends marked '…', so the
/// underline and the message stay on screen; a note then names the true column.
public enum DiagnosticRenderer {
    /// Lines up to this many characters are shown whole.
    static let maxLineWidth = 100
    /// In a window: characters shown before and after the span, and at most this much of the span.
    static let contextBefore = 40
    static let contextAfter = 20
    static let maxSpanWidth = 40

    public static func render(_ diagnostic: Diagnostic, source: String) -> String {
        let bytes = Array(source.utf8)
        let start = min(max(0, diagnostic.span.start), bytes.count)
        var lineStart = start
        while lineStart > 0, bytes[lineStart - 1] != UInt8(ascii: "\n") { lineStart -= 1 }
        var lineEnd = start
        while lineEnd < bytes.count, bytes[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
        let (line, column) = diagnostic.span.lineAndColumn(in: source)
        let text = String(decoding: bytes[lineStart..<lineEnd], as: UTF8.self)
        let end = min(max(diagnostic.span.end, start), lineEnd)
        let width = max(1, String(decoding: bytes[start..<end], as: UTF8.self).count)
        let gutter = String(line)
        let pad = String(repeating: " ", count: gutter.count)
        let shown = window(Array(text), spanOffset: column - 1, spanWidth: width)
        var out = "\(gutter) | \(shown.text)\n"
        out += "\(pad) | " + String(repeating: " ", count: shown.caretOffset) + String(repeating: "^", count: shown.caretWidth)
        out += " \(diagnostic.kind == .interrupted ? "interrupted" : "error"): \(diagnostic.message)"
        for note in diagnostic.notes { out += "\n\(pad) = note: \(note)" }
        if let columns = shown.columns {
            out += "\n\(pad) = note: line \(line) is \(shown.lineWidth) characters long; "
                + "shown: columns \(columns.lowerBound)–\(columns.upperBound), the error at column \(column)"
        }
        return out
    }

    /// The part of a line to show, counted in characters: the whole line when it is short,
    /// otherwise some context before the span and the span (cut to `maxSpanWidth`).
    /// `columns` (1-based, inclusive) is set only when the line was cut.
    static func window(_ line: [Character], spanOffset: Int, spanWidth: Int)
        -> (text: String, caretOffset: Int, caretWidth: Int, columns: ClosedRange<Int>?, lineWidth: Int) {
        let count = line.count
        let offset = min(max(0, spanOffset), count)
        guard count > maxLineWidth else { return (String(line), offset, spanWidth, nil, count) }
        let spanCut = spanWidth > maxSpanWidth
        let shownSpan = min(spanWidth, maxSpanWidth)
        let last = min(count, spanCut ? offset + shownSpan : max(offset + shownSpan + contextAfter, maxLineWidth))
        let first = max(0, min(offset - contextBefore, last - maxLineWidth))
        let head = first > 0 ? "…" : ""
        let tail = last < count ? "…" : ""
        let text = head + String(line[first..<last]) + tail
        // A cut span's underline runs on under the '…' that marks its cut end.
        let caretWidth = spanCut && !tail.isEmpty ? shownSpan + 1 : shownSpan
        return (text, head.count + offset - first, caretWidth, (first + 1)...last, count)
    }
}
