import TensorCore
import Autodiff

/// The arguments of one builtin call, bound to its parameters, with typed accessors.
///
/// This is the one place where argument checking happens and where its message is written:
/// `bad argument #2 to 'matmul' (expected a matrix, got shape (3,))`.
public struct Arguments {
    public let builtin: String
    /// The session running the call (random generator, output sink, registry, interrupt).
    public let interpreter: Interpreter
    let parameters: [Parameter]
    /// Per parameter: its value (nil when omitted and without default), and the 1-based
    /// position and span of the argument that gave it, for messages (one array, so a call
    /// allocates once).
    var bound: [Bound]
    /// Values collected by a `*name` parameter, with their positions and spans.
    public var rest: [Value]
    var restPositions: [Int]
    var restSpans: [SourceSpan]
    /// The span of the whole call.
    public let callSpan: SourceSpan

    /// One parameter's argument.
    struct Bound {
        var value: Value?
        var position: Int
        var span: SourceSpan
    }

    // MARK: Errors

    /// `bad argument #n to 'name' (expected …, got …)`, underlining that argument.
    public func bad(_ index: Int, _ expected: String, got: String) -> Diagnostic {
        Diagnostic(.argument, "bad argument #\(bound[index].position) to '\(builtin)' (expected \(expected), got \(got))", at: bound[index].span)
    }

    func badRest(_ index: Int, _ expected: String, got: String) -> Diagnostic {
        Diagnostic(.argument, "bad argument #\(restPositions[index]) to '\(builtin)' (expected \(expected), got \(got))", at: restSpans[index])
    }

    // MARK: Accessors by parameter position

    public func value(_ index: Int) throws(Diagnostic) -> Value {
        guard let value = bound[index].value else {
            throw Diagnostic(.argument, "missing argument '\(parameters[index].name)' to '\(builtin)'", at: callSpan,
                             notes: ["usage: \(builtin)(\(parameters.map(\.description).joined(separator: ", ")))"])
        }
        return value
    }

    public func isNone(_ index: Int) -> Bool {
        if case .none? = bound[index].value { return true }
        return bound[index].value == nil
    }

    public func tensor(_ index: Int) throws(Diagnostic) -> Variable {
        let v = try value(index)
        guard case .tensor(let node) = v else { throw bad(index, "a tensor", got: v.typeName) }
        return node
    }

    /// A tensor of rank `rank` (1: "a vector", 2: "a matrix").
    public func tensor(_ index: Int, rank: Int) throws(Diagnostic) -> Variable {
        let node = try tensor(index)
        guard node.value.rank == rank else {
            throw bad(index, rank == 1 ? "a vector" : (rank == 2 ? "a matrix" : "a tensor of rank \(rank)"), got: "shape \(describeShape(node.shape))")
        }
        return node
    }

    public func number(_ index: Int) throws(Diagnostic) -> Double {
        let v = try value(index)
        guard case .tensor(let node) = v, node.value.count == 1, let x = node.value.scalarValue else {
            throw bad(index, "a number", got: v.typeName)
        }
        return x
    }

    public func int(_ index: Int) throws(Diagnostic) -> Int {
        let v = try value(index)
        guard let i = v.wholeNumber else { throw bad(index, "a whole number", got: v.describedForError) }
        return i
    }

    public func optionalInt(_ index: Int) throws(Diagnostic) -> Int? {
        isNone(index) ? nil : try int(index)
    }

    public func bool(_ index: Int) throws(Diagnostic) -> Bool {
        let v = try value(index)
        guard case .bool(let b) = v else { throw bad(index, "true or false", got: v.typeName) }
        return b
    }

    public func string(_ index: Int) throws(Diagnostic) -> String {
        let v = try value(index)
        guard case .string(let s) = v else { throw bad(index, "a string", got: v.typeName) }
        return s.text
    }

    /// The elements of a sequence or tuple.
    public func items(_ index: Int) throws(Diagnostic) -> [Value] {
        let v = try value(index)
        switch v {
        case .sequence(let items), .tuple(let items): return items.elements
        default: throw bad(index, "a sequence", got: v.typeName)
        }
    }

    /// A list of whole numbers: a sequence/tuple of them, or a vector holding them.
    public func ints(_ index: Int) throws(Diagnostic) -> [Int] {
        let v = try value(index)
        switch v {
        case .sequence(let items), .tuple(let items):
            var result: [Int] = []
            for item in items {
                guard let i = item.wholeNumber else { throw bad(index, "whole numbers", got: item.describedForError) }
                result.append(i)
            }
            return result
        case .tensor(let node):
            let ints = node.value.scalars.compactMap { $0 == $0.rounded() && Swift.abs($0) < 1e15 ? Int($0) : nil }
            guard ints.count == node.value.count else { throw bad(index, "whole numbers", got: "a tensor with fractions") }
            return ints
        default: throw bad(index, "whole numbers", got: v.typeName)
        }
    }

    /// The `*name` arguments as a shape of non-negative sizes (a single sequence or tensor also works).
    public func restShape() throws(Diagnostic) -> [Int] {
        if rest.count == 1, case .tensor(let node) = rest[0], node.value.rank == 1 {
            return try restInts(from: node.value.scalars.map(Value.scalar))
        }
        if rest.count == 1, case .sequence(let items) = rest[0] { return try restInts(from: items.elements) }
        if rest.count == 1, case .tuple(let items) = rest[0] { return try restInts(from: items.elements) }
        return try restInts(from: rest)
    }

    private func restInts(from values: [Value]) throws(Diagnostic) -> [Int] {
        var shape: [Int] = []
        for (i, v) in values.enumerated() {
            guard let n = v.wholeNumber, n >= 0 else {
                let k = min(i, restSpans.count - 1)
                if k < 0 { throw Diagnostic(.argument, "bad size to '\(builtin)'", at: callSpan) }
                throw badRest(k, "a size (a whole number ≥ 0)", got: v.describedForError)
            }
            shape.append(n)
        }
        return shape
    }

    /// The tensors to differentiate with respect to: one tensor, or a sequence, tuple or
    /// record of them (nested ones too), kept with their arrangement so the results can be
    /// returned in the same shape.
    public func differentiationTargets(_ index: Int) throws(Diagnostic) -> TensorTree {
        let v = try value(index)
        guard let tree = TensorTree(v) else {
            throw bad(index, "a tensor, or a sequence, tuple or record of tensors", got: v.typeName)
        }
        return tree
    }

    /// The `*name` arguments as tensors.
    public func restTensors() throws(Diagnostic) -> [Variable] {
        var nodes: [Variable] = []
        let values: [Value]
        if rest.count == 1, case .sequence(let items) = rest[0] { values = items.elements } else { values = rest }
        for (i, v) in values.enumerated() {
            guard case .tensor(let n) = v else {
                throw Diagnostic(.argument, "bad argument #\(i + 1) to '\(builtin)' (expected a tensor, got \(v.typeName))",
                                 at: restSpans.indices.contains(i) ? restSpans[i] : callSpan)
            }
            nodes.append(n)
        }
        return nodes
    }
}

extension Value {
    /// A whole number from a tensor holding exactly one element (a number, or a one-element
    /// vector such as `[3]`) whose value is whole and below 10¹⁵ in magnitude; nil otherwise.
    public var wholeNumber: Int? {
        guard case .tensor(let node) = self, node.value.count == 1, node.value.rank <= 1,
              let x = node.value.scalarValue else { return nil }
        return Value.wholeNumber(x)
    }

    /// `x` as an `Int` when it is a whole number of magnitude below 10¹⁵, else nil.
    static func wholeNumber(_ x: Double) -> Int? {
        x == x.rounded() && Swift.abs(x) < 1e15 ? Int(x) : nil
    }

    /// For messages: numbers show their value, other values their type.
    var describedForError: String {
        if case .tensor(let node) = self, node.value.rank == 0, let x = node.value.scalarValue { return formatNumber(x) }
        return typeName
    }
}

/// A value whose leaves are all tensors (a tensor, or sequences, tuples and records of them).
public struct TensorTree {
    /// The tensors, in order of appearance.
    public let tensors: [Variable]
    private let template: Value

    /// Nil when some leaf is not a tensor, or there is no tensor at all.
    public init?(_ value: Value) {
        var found: [Variable] = []
        guard TensorTree.collect(value, into: &found), !found.isEmpty else { return nil }
        tensors = found
        template = value
    }

    /// The same arrangement with the tensors replaced, in order, by `values`.
    public func rebuilt(_ values: [Value]) -> Value {
        var next = values.makeIterator()
        return TensorTree.rebuild(template, &next)
    }

    private static func collect(_ value: Value, into found: inout [Variable]) -> Bool {
        switch value {
        case .tensor(let t): found.append(t); return true
        case .sequence(let items), .tuple(let items): return items.allSatisfy { collect($0, into: &found) }
        case .record(let r): return r.fields.allSatisfy { collect($0.value, into: &found) }
        default: return false
        }
    }

    private static func rebuild(_ value: Value, _ next: inout IndexingIterator<[Value]>) -> Value {
        switch value {
        case .tensor: return next.next() ?? .none
        case .sequence(let items): return .sequence(items.map { rebuild($0, &next) })
        case .tuple(let items): return .tuple(items.map { rebuild($0, &next) })
        case .record(let r): return .record(Record(fields: r.fields.map { ($0.name, rebuild($0.value, &next)) }))
        default: return value
        }
    }
}
