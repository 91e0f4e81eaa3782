/// Renders a diagnostic the way a compiler does: the line, the span underlined, the message.
///
/// ```
/// 2 | y = W @ x
///   |     ^^^^^ error: shapes (2, 2) and (3,) cannot be multiplied: inner sizes 2 and 3 differ
/// ```
public enum DiagnosticRenderer {
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
        var out = "\(gutter) | \(text)\n"
        out += "\(pad) | " + String(repeating: " ", count: column - 1) + String(repeating: "^", count: width)
        out += " \(diagnostic.kind == .interrupted ? "interrupted" : "error"): \(diagnostic.message)"
        for note in diagnostic.notes { out += "\n\(pad) = note: \(note)" }
        return out
    }
}
