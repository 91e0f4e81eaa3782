/// Writing JSON: one deterministic encoder.
extension JSONValue {
    /// How much whitespace the encoding has; the content and key order are the same in every style.
    public enum Style: Sendable {
        /// No whitespace: `{"a":[1,2.5]}` (the Jupyter wire format).
        case compact
        /// One line with a space after `,` and `:`: `{"a": [1, 2.5]}` (Python's `json.dumps` default; `--json` lines).
        case spaced
        /// One member or element per line, indented by two spaces (files people may read).
        case pretty
    }

    /// The JSON text: object keys sorted; integers as written; doubles in shortest
    /// round-trip form (`0.1`, `2.0`, `1e-300`); NaN and ±∞ as the strings `"NaN"`,
    /// `"Infinity"`, `"-Infinity"`; strings with `"`, `\` and control characters
    /// escaped and everything else, `/` included, as UTF-8.
    public func encoded(_ style: Style = .compact) -> String {
        var writer = JSONWriter(style: style, flushAt: .max)
        write(to: &writer)
        return writer.text
    }

    /// The JSON text as UTF-8 bytes.
    public func encodedBytes(_ style: Style = .compact) -> [UInt8] { Array(encoded(style).utf8) }

    /// Writes the value to `writer` (see ``encoded(_:)``).
    public func write(to writer: inout JSONWriter) {
        switch self {
        case .null: writer.null()
        case .bool(let b): writer.bool(b)
        case .int(let i): writer.int(i)
        case .double(let d): writer.number(d)
        case .string(let s): writer.string(s)
        case .array(let items):
            writer.beginArray()
            for item in items { item.write(to: &writer) }
            writer.endArray()
        case .object(let members):
            writer.beginObject()
            for key in members.keys.sorted() {
                writer.key(key)
                members[key]?.write(to: &writer)
            }
            writer.endObject()
        }
    }

    /// A double as JSON: shortest round-trip digits, or a string for NaN and ±∞.
    public static func number(_ x: Double) -> String {
        if x.isNaN { return "\"NaN\"" }
        if x.isInfinite { return x > 0 ? "\"Infinity\"" : "\"-Infinity\"" }
        return "\(x)"
    }

    /// `s` as a JSON string literal.
    public static func quoted(_ s: String) -> String {
        var out = ""
        JSONWriter.appendQuoted(s, to: &out)
        return out
    }
}
