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
        var out = ""
        write(to: &out, style: style, depth: 0)
        return out
    }

    /// The JSON text as UTF-8 bytes.
    public func encodedBytes(_ style: Style = .compact) -> [UInt8] { Array(encoded(style).utf8) }

    /// A double as JSON: shortest round-trip digits, or a string for NaN and ±∞.
    public static func number(_ x: Double) -> String {
        if x.isNaN { return "\"NaN\"" }
        if x.isInfinite { return x > 0 ? "\"Infinity\"" : "\"-Infinity\"" }
        return "\(x)"
    }

    /// `s` as a JSON string literal.
    public static func quoted(_ s: String) -> String {
        var out = ""
        writeString(s, to: &out)
        return out
    }

    private func write(to out: inout String, style: Style, depth: Int) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .double(let d): out += Self.number(d)
        case .string(let s): Self.writeString(s, to: &out)
        case .array(let items):
            writeContainer(items.indices, open: "[", close: "]", to: &out, style: style, depth: depth) { i, out in
                items[i].write(to: &out, style: style, depth: depth + 1)
            }
        case .object(let members):
            writeContainer(members.keys.sorted(), open: "{", close: "}", to: &out, style: style, depth: depth) { key, out in
                Self.writeString(key, to: &out)
                out += style == .compact ? ":" : ": "
                members[key]?.write(to: &out, style: style, depth: depth + 1)
            }
        }
    }

    private func writeContainer<Items: Collection>(_ items: Items, open: String, close: String, to out: inout String,
                                                   style: Style, depth: Int, element: (Items.Element, inout String) -> Void) {
        out += open
        guard !items.isEmpty else {
            out += close
            return
        }
        let indent = String(repeating: "  ", count: depth + 1)
        for (n, item) in items.enumerated() {
            switch style {
            case .compact: if n > 0 { out += "," }
            case .spaced: if n > 0 { out += ", " }
            case .pretty: out += (n > 0 ? ",\n" : "\n") + indent
            }
            element(item, &out)
        }
        if style == .pretty { out += "\n" + String(repeating: "  ", count: depth) }
        out += close
    }

    private static func writeString(_ s: String, to out: inout String) {
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
