import Autodiff
import Formats
import TensorCore

extension Value {
    /// The value as natural JSON, as `unroll run --json` writes it: tensors as
    /// `{"shape": [2], "data": [1.0, 2.0]}` (row-major), sequences and tuples as
    /// arrays, records as objects, `none` as null. Numbers follow the one JSON
    /// policy (``JSONValue``): shortest round-trip digits, NaN and ±∞ as strings.
    public var json: JSONValue {
        switch self {
        case .tensor(let v): return ["shape": .array(v.shape.map(JSONValue.int)), "data": JSONValue(v.value.scalars)]
        case .bool(let b): return .bool(b)
        case .string(let s): return .string(s)
        case .sequence(let items), .tuple(let items): return .array(items.map(\.json))
        case .record(let r): return .object(Dictionary(r.fields.map { ($0.name, $0.value.json) }, uniquingKeysWith: { first, _ in first }))
        case .function: return .string(description)
        case .range(let a, let b): return ["start": .int(a), "stop": .int(b)]
        case .none: return .null
        }
    }
}
