/// The one JSON encoder, written incrementally: ``JSONValue/encoded(_:)`` drives it
/// over a tree, and a large value (a tensor of millions of numbers) can drive it
/// directly, so its text streams out in pieces instead of being built whole.
///
/// ```swift
/// var writer = JSONWriter(style: .spaced) { piece in output.write(piece) }
/// writer.beginObject()
/// writer.key("data"); writer.beginArray()
/// for x in scalars { writer.number(x) }
/// writer.endArray()
/// writer.endObject()
/// writer.flush()
/// ```
///
/// Keys are written in the order given: callers that write objects write their
/// keys sorted, as ``JSONValue`` does. Nothing checks that calls nest correctly.
public struct JSONWriter {
    public let style: JSONValue.Style
    /// Text written since the last flush.
    private var buffer = ""
    private let sink: ((String) -> Void)?
    private let flushAt: Int
    /// Per open container: whether it has an element yet.
    private var started: [Bool] = []
    /// True right after a key, so the value needs no separator.
    private var afterKey = false

    /// A writer that hands its text to `sink` whenever `flushAt` bytes have gathered
    /// (and at ``flush()``); with no sink, ``text`` holds everything written.
    public init(style: JSONValue.Style = .compact, flushAt: Int = 1 << 16, sink: ((String) -> Void)? = nil) {
        self.style = style
        self.sink = sink
        self.flushAt = flushAt
    }

    /// What has been written and not yet flushed.
    public var text: String { buffer }

    /// Hands the pending text to the sink.
    public mutating func flush() {
        guard let sink, !buffer.isEmpty else { return }
        sink(buffer)
        buffer = ""
    }

    public mutating func null() { scalar("null") }
    public mutating func bool(_ b: Bool) { scalar(b ? "true" : "false") }
    public mutating func int(_ i: Int) { scalar(String(i)) }
    /// A double: shortest round-trip digits, or `"NaN"`, `"Infinity"`, `"-Infinity"`.
    public mutating func number(_ x: Double) { scalar(JSONValue.number(x)) }
    public mutating func string(_ s: String) {
        separate()
        JSONWriter.appendQuoted(s, to: &buffer)
        written()
    }

    /// An object member's key; the member's value comes next.
    public mutating func key(_ name: String) {
        separate()
        JSONWriter.appendQuoted(name, to: &buffer)
        buffer += style == .compact ? ":" : ": "
        afterKey = true
    }

    public mutating func beginArray() { open("[") }
    public mutating func endArray() { close("]") }
    public mutating func beginObject() { open("{") }
    public mutating func endObject() { close("}") }

    // MARK: Layout

    private mutating func scalar(_ text: String) {
        separate()
        buffer += text
        written()
    }

    private mutating func open(_ bracket: String) {
        separate()
        buffer += bracket
        started.append(false)
    }

    private mutating func close(_ bracket: String) {
        let hadElements = started.popLast() ?? false
        if style == .pretty, hadElements { buffer += "\n" + String(repeating: "  ", count: started.count) }
        buffer += bracket
        written()
    }

    /// What goes before a value or key: nothing after a key; else a comma (and a space or line) after a sibling.
    private mutating func separate() {
        if afterKey {
            afterKey = false
            return
        }
        guard let hasSibling = started.last else { return }
        switch style {
        case .compact: if hasSibling { buffer += "," }
        case .spaced: if hasSibling { buffer += ", " }
        case .pretty: buffer += (hasSibling ? ",\n" : "\n") + String(repeating: "  ", count: started.count)
        }
        started[started.count - 1] = true
    }

    private mutating func written() {
        if buffer.utf8.count >= flushAt { flush() }
    }

    /// `s` as a JSON string literal: `"`, `\` and control characters escaped, everything else as UTF-8.
    static func appendQuoted(_ s: String, to out: inout String) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default:
                out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}
