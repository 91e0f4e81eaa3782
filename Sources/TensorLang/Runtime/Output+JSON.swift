import TensorCore
import Autodiff

extension Value {
    /// The value as natural JSON, as `unroll run --json` writes it; tensors as
    /// `{"shape": [...], "data": [...]}` (row-major). Numbers are written in their
    /// shortest round-trip form; NaN and infinities as strings.
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

