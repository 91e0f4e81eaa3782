import TensorCore
import Autodiff

/// Runs `body`, turning a tensor error (or any other error) into a diagnostic at `span`.
func lift<T>(_ span: SourceSpan, _ body: () throws -> T) throws(Diagnostic) -> T {
    do {
        return try body()
    } catch let diagnostic as Diagnostic {
        throw diagnostic
    } catch let error as TensorError {
        throw Diagnostic(error, at: span)
    } catch {
        throw Diagnostic(.value, "\(error)", at: span)
    }
}

extension Interpreter {
    func evaluate(_ expr: Expr) throws(Diagnostic) -> Value { try evaluate(expr, in: globals) }

    func evaluate(_ expr: Expr, in env: Environment) throws(Diagnostic) -> Value {
        try checkStack(expr.span)
        switch expr.kind {
        case .number(let v): return .scalar(v)
        case .string(let s): return .string(s)
        case .bool(let b): return .bool(b)
        case .none: return .none
        case .variable(let name):
            if let value = env.lookup(name, hash: expr.nameHash) { return value }
            if let builtin = registry.builtin(named: name, hash: expr.nameHash) { return .function(.builtin(builtin)) }
            throw unknownName(name, span: expr.span, in: env)
        case .list(let items):
            return try list(items, span: expr.span, in: env)
        case .tuple(let items):
            var values: [Value] = []
            for item in items { values.append(try evaluate(item, in: env)) }
            return .tuple(try lift(expr.span) { try ValueList.make(values, operation: "a tuple") })
        case .unary(let op, let operand):
            return try unary(op, try evaluate(operand, in: env), span: expr.span)
        case .binary(.and, let a, let b):
            guard try truth(try evaluate(a, in: env), span: a.span) else { return .bool(false) }
            return .bool(try truth(try evaluate(b, in: env), span: b.span))
        case .binary(.or, let a, let b):
            if try truth(try evaluate(a, in: env), span: a.span) { return .bool(true) }
            return .bool(try truth(try evaluate(b, in: env), span: b.span))
        case .binary(let op, let a, let b):
            return try binary(op, try evaluate(a, in: env), try evaluate(b, in: env), span: expr.span, spans: (a.span, b.span))
        case .call(let callee, let arguments):
            return try call(callee, arguments, span: expr.span, in: env)
        case .subscripted(let base, let subscripts):
            return try subscriptValue(try evaluate(base, in: env), subscripts, span: expr.span, in: env)
        case .field(let base, let name):
            return try field(try evaluate(base, in: env), name, span: expr.span)
        }
    }

    func unknownName(_ name: String, span: SourceSpan, in env: Environment) -> Diagnostic {
        let candidates = env.visibleNames.union(registry.entries.keys)
        var notes: [String] = []
        if let suggestion = didYouMean(name, among: candidates) { notes.append("did you mean '\(suggestion)'?") }
        return Diagnostic(.name, "unknown name '\(name)'", at: span, notes: notes)
    }

    /// `[...]`: numbers (or nested bracket literals of numbers) make a tensor; anything else a sequence.
    private func list(_ items: [Expr], span: SourceSpan, in env: Environment) throws(Diagnostic) -> Value {
        var values: [Value] = []
        values.reserveCapacity(items.count)
        for item in items { values.append(try evaluate(item, in: env)) }
        guard !values.isEmpty else { return .sequence([]) }
        func sequence() throws(Diagnostic) -> Value { .sequence(try lift(span) { try ValueList.make(values, operation: "a sequence") }) }
        var nodes: [Variable] = []
        for (value, item) in zip(values, items) {
            guard case .tensor(let node) = value else { return try sequence() }
            let isNested: Bool
            if case .list = item.kind { isNested = true } else { isNested = false }
            guard node.value.rank == 0 || isNested else { return try sequence() }
            nodes.append(node)
        }
        // Numbers written out in brackets make one constant; anything computed (even a
        // variable holding a number) is stacked in the graph, so `[a, b]` is differentiable.
        if items.allSatisfy(\.isNumberLiteral) {
            return .tensor(Variable(try lift(span) { try Tensor.stack(nodes.map(\.value), axis: 0) }))
        }
        return .tensor(try lift(span) { try Variable.stack(nodes, axis: 0) })
    }

    private func unary(_ op: UnaryOperator, _ value: Value, span: SourceSpan) throws(Diagnostic) -> Value {
        switch (op, value) {
        case (.negate, .tensor(let n)): return .tensor(try lift(span) { try -n })
        case (.plus, .tensor): return value
        case (.not, _): return .bool(!(try truth(value, span: span)))
        default:
            throw Diagnostic(.type, "cannot apply '\(op.rawValue)' to \(value.typeName)", at: span)
        }
    }

    func binary(_ op: BinaryOperator, _ a: Value, _ b: Value, span: SourceSpan, spans: (SourceSpan, SourceSpan)) throws(Diagnostic) -> Value {
        switch (a, b) {
        case (.tensor(let x), .tensor(let y)):
            switch op {
            case .add, .subtract, .multiply, .divide, .power, .floorDivide, .modulo:
                return .tensor(try lift(span) { try arithmetic(op, x, y) })
            case .matmul:
                return .tensor(try lift(span) { try x.matmul(y) })
            case .range:
                guard let lo = a.wholeNumber else { throw Diagnostic(.type, "a range needs whole numbers, got \(a.describedForError)", at: spans.0) }
                guard let hi = b.wholeNumber else { throw Diagnostic(.type, "a range needs whole numbers, got \(b.describedForError)", at: spans.1) }
                return .range(lo, hi)
            case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual:
                let comparison = Tensor.Comparison(rawValue: op.rawValue) ?? .equal
                let result = try lift(span) { try x.value.compare(y.value, comparison) }
                if result.count == 1, x.value.rank == 0 || y.value.rank == 0 || result.rank == 0 {
                    return .bool((result.scalarValue ?? 0) != 0)
                }
                return .tensor(result)
            case .and, .or: break
            }
        case (.string(let s), .string(let t)):
            switch op {
            case .add:
                // Counted before the bytes are copied: doubling a string in a loop stops at the budget.
                try lift(span) { try StringValue.admit(bytes: s.text.utf8.count + t.text.utf8.count, operation: "+") }
                return .string(s.text + t.text)
            case .equal: return .bool(s == t)
            case .notEqual: return .bool(s != t)
            default: break
            }
        case (.bool(let p), .bool(let q)):
            if op == .equal { return .bool(p == q) }
            if op == .notEqual { return .bool(p != q) }
        case (.sequence(let s), .sequence(let t)) where op == .add:
            return .sequence(try lift(span) { try ValueList.make(s.elements + t.elements, operation: "+") })
        default: break
        }
        if op == .equal || op == .notEqual, a.isNone || b.isNone {
            return .bool((a.isNone && b.isNone) == (op == .equal))
        }
        var notes: [String] = []
        if case .sequence = a, op != .add { notes.append("a sequence holds separate tensors; use stack(seq) to make one tensor") }
        throw Diagnostic(.type, "cannot apply '\(op.rawValue)' to \(a.typeName) and \(b.typeName)", at: span, notes: notes)
    }

    private func field(_ value: Value, _ name: String, span: SourceSpan) throws(Diagnostic) -> Value {
        switch value {
        case .tensor(let node) where name == "T":
            return .tensor(try lift(span) { try node.transposed() })
        case .tensor(let node) where name == "shape":
            return .tuple(node.shape.map { .scalar(Double($0)) })
        case .record(let record):
            if let v = record[name] { return v }
            var notes = ["fields: " + record.fields.map(\.name).joined(separator: ", ")]
            if let s = didYouMean(name, among: record.fields.map(\.name)) { notes.insert("did you mean '\(s)'?", at: 0) }
            throw Diagnostic(.name, "the record has no field '\(name)'", at: span, notes: notes)
        default:
            throw Diagnostic(.type, "\(value.typeName) has no field '\(name)'", at: span,
                             notes: value.isTensor ? ["tensors have .T (transpose) and .shape"] : [])
        }
    }
}

extension Expr {
    /// A number, or brackets holding only such literals (`[[1, -2], [3, 4]]`).
    var isNumberLiteral: Bool {
        switch kind {
        case .number: return true
        case .list(let items): return items.allSatisfy(\.isNumberLiteral)
        default: return false
        }
    }
}

extension Value {
    var isTensor: Bool {
        if case .tensor = self { return true }
        return false
    }
}

/// `a ∘ b` on recorded tensors for the arithmetic operators.
func arithmetic(_ op: BinaryOperator, _ a: Variable, _ b: Variable) throws -> Variable {
    switch op {
    case .add: return try a + b
    case .subtract: return try a - b
    case .multiply: return try a * b
    case .divide: return try a / b
    case .power: return try a.pow(b)
    case .floorDivide: return try a.floorDivided(by: b)
    case .modulo: return try a.remainder(dividingBy: b)
    case .matmul: return try a.matmul(b)
    default: throw TensorError(.invalidArgument, op.rawValue, "'\(op.rawValue)' is not an arithmetic operator")
    }
}
