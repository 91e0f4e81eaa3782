import TensorCore
import Autodiff

extension Value {
    /// How `print` and the REPL show a value: tensors numpy-style, strings without quotes.
    public var printed: String {
        if case .string(let s) = self { return s.text }
        return description
    }

    /// The display form, with strings quoted when nested inside a collection.
    public var description: String {
        switch self {
        case .tensor(let v):
            if v.value.rank == 0, let x = v.value.scalarValue { return formatNumber(x) }
            return v.value.description
        case .bool(let b): return b ? "true" : "false"
        case .string(let s): return "\"\(s)\""
        case .sequence(let items): return "[" + items.map(\.description).joined(separator: ", ") + "]"
        case .tuple(let items): return "(" + items.map(\.description).joined(separator: ", ") + (items.count == 1 ? ",)" : ")")
        case .record(let r): return "{" + r.fields.map { "\($0.name): \($0.value.description)" }.joined(separator: ", ") + "}"
        case .function(.builtin(let b)): return "<builtin \(b.signature)>"
        case .function(.user(let d, _)): return "<function \(d.name)(\(d.parameters.joined(separator: ", ")))>"
        case .range(let a, let b): return "\(a)..\(b)"
        case .none: return "none"
        }
    }
}
