import TensorCore

/// The elements of a sequence or a tuple: an immutable list, shared by every value
/// that holds it, charged to the session that made it while it lives.
///
/// `Value.sequence([...])` makes one; reading works as on an array
/// (`items.count`, `items[i]`, `for x in items`). ``make(_:operation:)`` is the
/// checked way for code that grows lists from a program's input: it refuses a list
/// the session's budget has no room for, or one nested too deeply.
public final class ValueList: RandomAccessCollection {
    /// The elements, in order.
    public let elements: [Value]
    /// How many lists (and records) are nested inside each other here: 1 for a list
    /// of numbers, 2 for a list of such lists. Bounded by ``ValueList/maxDepth``.
    public let depth: Int
    private let budget: ResourceBudget?

    /// The deepest nesting ``make(_:operation:)`` allows. Every walk over a value
    /// (printing, JSON, comparison, freeing) recurses once per level, so a bound keeps
    /// them all far from the end of any thread's stack.
    public static let maxDepth = 100

    /// A list of `elements`, charged to the running session (unchecked: for lists
    /// whose size the caller knows to be small, such as `svd`'s three results).
    public init(_ elements: [Value]) {
        self.elements = elements
        self.depth = 1 + (elements.lazy.map(\.nestingDepth).max() ?? 0)
        budget = ExecutionContext.current?.budget
        budget?.charge(.sequenceElements, elements.count)
    }

    deinit { budget?.release(.sequenceElements, elements.count) }

    /// A list of `elements`, or a `limit` error (naming `operation`) when the session's
    /// sequences would hold more elements than its budget, or lists would nest deeper
    /// than ``maxDepth``.
    public static func make(_ elements: [Value], operation: String) throws -> ValueList {
        try ExecutionContext.current?.budget.admit(.sequenceElements, elements.count, operation: operation)
        let list = ValueList(elements)
        guard list.depth <= maxDepth else {
            throw TensorError(.limitExceeded, operation,
                              "sequences nested more than \(maxDepth) deep; keep nested data flat, e.g. a sequence of tensors")
        }
        return list
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { elements.count }
    public subscript(position: Int) -> Value { elements[position] }
}

/// A string a program holds: immutable, shared, charged to the session that made it
/// while it lives (its UTF-8 bytes).
public final class StringValue: CustomStringConvertible, Equatable {
    public let text: String
    private let budget: ResourceBudget?
    private let bytes: Int

    /// A string, charged to the running session (unchecked: for strings whose size
    /// the caller knows to be small).
    public init(_ text: String) {
        self.text = text
        bytes = text.utf8.count
        budget = ExecutionContext.current?.budget
        budget?.charge(.stringBytes, bytes)
    }

    deinit { budget?.release(.stringBytes, bytes) }

    /// Admits a string of `bytes` UTF-8 bytes before it is built: a `limit` error
    /// (naming `operation`) when the session's strings would hold more than its budget.
    public static func admit(bytes: Int, operation: String) throws {
        try ExecutionContext.current?.budget.admit(.stringBytes, bytes, operation: operation)
    }

    /// The string, after checking that the session has room for it (see ``admit(bytes:operation:)``).
    public static func make(_ text: String, operation: String) throws -> StringValue {
        try admit(bytes: text.utf8.count, operation: operation)
        return StringValue(text)
    }

    public var description: String { text }

    public static func == (a: StringValue, b: StringValue) -> Bool { a.text == b.text }
}

extension Value {
    /// A string value (charged to the running session).
    public static func string(_ text: String) -> Value { .string(StringValue(text)) }
    /// A sequence of `items` (charged to the running session).
    public static func sequence(_ items: [Value]) -> Value { .sequence(ValueList(items)) }
    /// A tuple of `items` (charged to the running session).
    public static func tuple(_ items: [Value]) -> Value { .tuple(ValueList(items)) }

    /// How deeply sequences, tuples and records nest in this value (0 for anything else).
    public var nestingDepth: Int {
        switch self {
        case .sequence(let list), .tuple(let list): return list.depth
        case .record(let record): return 1 + (record.fields.lazy.map(\.value.nestingDepth).max() ?? 0)
        default: return 0
        }
    }

    /// The text of a string value, nil for any other value.
    public var stringValue: String? {
        if case .string(let s) = self { return s.text }
        return nil
    }
}
