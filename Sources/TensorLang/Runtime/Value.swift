import TensorCore
import Autodiff

/// Every value a program can hold.
public enum Value {
    /// A tensor (a scalar is rank 0), recorded in the graph.
    case tensor(Variable)
    case bool(Bool)
    /// Text; `.string("…")` makes one (``StringValue``).
    case string(StringValue)
    /// An ordered collection of values, e.g. the hidden states `hs`; `push` returns a longer copy.
    /// `.sequence([…])` makes one (``ValueList``).
    case sequence(ValueList)
    /// A fixed group of values, e.g. `U, S, V = svd(W)`.
    case tuple(ValueList)
    /// Named fields, e.g. the result of a library call (`r.loss`).
    case record(Record)
    case function(Function)
    /// `a..b`: the whole numbers a, a+1, …, b−1.
    case range(Int, Int)
    case none

    public static func scalar(_ x: Double) -> Value { .tensor(Variable(Tensor(x))) }
    public static func tensor(_ t: Tensor) -> Value { .tensor(Variable(t)) }

    /// The type name used in error messages.
    public var typeName: String {
        switch self {
        case .tensor(let n): return n.value.rank == 0 ? "a number" : "a tensor of shape \(describeShape(n.shape))"
        case .bool: return "a boolean"
        case .string: return "a string"
        case .sequence: return "a sequence"
        case .tuple: return "a tuple"
        case .record: return "a record"
        case .function: return "a function"
        case .range: return "a range"
        case .none: return "none"
        }
    }
}

/// Named fields in a fixed order; easy to build from Swift: `Record(["loss": .scalar(l), "hs": .sequence(hs)])`.
public struct Record {
    public var fields: [(name: String, value: Value)]

    public init(_ fields: KeyValuePairs<String, Value>) {
        self.fields = fields.map { ($0.key, $0.value) }
    }

    public init(fields: [(name: String, value: Value)]) {
        self.fields = fields
    }

    public subscript(name: String) -> Value? {
        fields.first { $0.name == name }?.value
    }
}

/// A callable: a user definition with the environment it closes over, or a builtin.
public enum Function {
    case user(FunctionDecl, Environment)
    case builtin(Builtin)

    public var name: String {
        switch self {
        case .user(let decl, _): return decl.name
        case .builtin(let b): return b.name
        }
    }
}
