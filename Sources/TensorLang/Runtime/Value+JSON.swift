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
        case .string(let s): return .string(s.text)
        case .sequence(let items), .tuple(let items): return .array(items.map(\.json))
        case .record(let r): return .object(Dictionary(r.fields.map { ($0.name, $0.value.json) }, uniquingKeysWith: { first, _ in first }))
        case .function: return .string(description)
        case .range(let a, let b): return ["start": .int(a), "stop": .int(b)]
        case .none: return .null
        }
    }
}

extension Value {
    /// Writes ``json``'s text to `writer` without building it first: a tensor's numbers
    /// go out one by one, so a value of millions of numbers needs no more memory than
    /// itself and the writer's buffer.
    public func writeJSON(to writer: inout JSONWriter) {
        switch self {
        case .tensor(let v):
            writer.beginObject()
            writer.key("data")
            writer.beginArray()
            for x in v.value.scalars { writer.number(x) }
            writer.endArray()
            writer.key("shape")
            writer.beginArray()
            for n in v.shape { writer.int(n) }
            writer.endArray()
            writer.endObject()
        case .sequence(let items), .tuple(let items):
            writer.beginArray()
            for item in items { item.writeJSON(to: &writer) }
            writer.endArray()
        case .record(let r):
            writer.beginObject()
            var seen = Set<String>()
            let fields = r.fields.filter { seen.insert($0.name).inserted }   // the first of a repeated name, as `json`
            for field in fields.sorted(by: { $0.name < $1.name }) {
                writer.key(field.name)
                field.value.writeJSON(to: &writer)
            }
            writer.endObject()
        default:
            json.write(to: &writer)
        }
    }
}
