import TensorCore
import Autodiff

extension Output {
    /// One JSON object for `--json` output:
    /// `{"value": {"shape": [2], "data": [1.0, 2.0]}}`, `{"value": true}`, `{"stdout": "..."}`,
    /// `{"error": {"kind": "shape", "message": "...", "line": 2, "column": 5, "notes": []}}`.
    /// Numbers are written in their shortest round-trip form; NaN and infinities as strings.
    public var json: String {
        switch self {
        case .value(let v): return "{\"value\": \(v.json)}"
        case .stdout(let text): return "{\"stdout\": \(JSONText.quoted(text))}"
        case .error(let d, let source):
            let (line, column) = d.span.lineAndColumn(in: source)
            let notes = "[" + d.notes.map(JSONText.quoted).joined(separator: ", ") + "]"
            return "{\"error\": {\"kind\": \(JSONText.quoted(d.kind.rawValue)), \"message\": \(JSONText.quoted(d.message)), \"line\": \(line), \"column\": \(column), \"notes\": \(notes)}}"
        }
    }
}

extension Value {
    /// The value as natural JSON; tensors as `{"shape": [...], "data": [...]}` (row-major).
    public var json: String {
        switch self {
        case .tensor(let v):
            let shape = v.shape.map(String.init).joined(separator: ", ")
            let data = v.value.scalars.map(jsonNumber).joined(separator: ", ")
            return "{\"shape\": [\(shape)], \"data\": [\(data)]}"
        case .bool(let b): return b ? "true" : "false"
        case .string(let s): return JSONText.quoted(s)
        case .sequence(let items), .tuple(let items): return "[" + items.map(\.json).joined(separator: ", ") + "]"
        case .record(let r): return "{" + r.fields.map { "\(JSONText.quoted($0.name)): \($0.value.json)" }.joined(separator: ", ") + "}"
        case .function: return JSONText.quoted(description)
        case .range(let a, let b): return "{\"start\": \(a), \"stop\": \(b)}"
        case .none: return "null"
        }
    }
}

/// Shortest round-trip decimal; `"NaN"`, `"Infinity"`, `"-Infinity"` as strings.
func jsonNumber(_ x: Double) -> String {
    if x.isNaN { return "\"NaN\"" }
    if x.isInfinite { return x > 0 ? "\"Infinity\"" : "\"-Infinity\"" }
    return "\(x)"
}

