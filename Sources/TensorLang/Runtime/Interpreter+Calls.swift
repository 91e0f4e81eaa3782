import TensorCore
import Autodiff

extension Interpreter {
    func call(_ calleeExpr: Expr, _ arguments: [Argument], span: SourceSpan, in env: Environment) throws(Diagnostic) -> Value {
        let callee = try evaluate(calleeExpr, in: env)
        guard case .function(let function) = callee else {
            throw Diagnostic(.type, "\(callee.typeName) cannot be called", at: calleeExpr.span)
        }
        var values: [Value] = []
        values.reserveCapacity(arguments.count)
        var listsAsSequences = false
        var wholeNumberParameters: [Int] = []
        if case .builtin(let b) = function {
            listsAsSequences = b.listsAsSequences
            wholeNumberParameters = b.wholeNumberParameters
        }
        for (position, argument) in arguments.enumerated() {
            if listsAsSequences, case .list(let items) = argument.value.kind {
                var elements: [Value] = []
                for item in items { elements.append(try evaluate(item, in: env)) }
                values.append(.sequence(elements))
            } else if argument.label == nil, wholeNumberParameters.contains(position),
                      let i = plainInteger(argument.value, in: env) {
                // Positional arguments come first, so this one is its parameter's, which is
                // read only as a whole number.
                values.append(.scalar(Double(i)))
            } else {
                values.append(try evaluate(argument.value, in: env))
            }
        }
        return try call(function, arguments: arguments, values: values, span: span)
    }

    func call(_ function: Function, arguments: [Argument], values: [Value], span: SourceSpan) throws(Diagnostic) -> Value {
        try checkInterrupt(span)
        switch function {
        case .builtin(let builtin):
            builtinCallObserver?(builtin.name, runningClosure)
            let args = try bind(builtin, arguments, values, span: span)
            return try lift(span) { try builtin.body(args) }
        case .user(let decl, let closure):
            if let labelled = arguments.first(where: { $0.label != nil }) {
                throw Diagnostic(.argument, "'\(decl.name)' takes positional arguments only", at: labelled.labelSpan ?? span)
            }
            guard values.count == decl.parameters.count else {
                throw Diagnostic(.argument, "'\(decl.name)' takes \(decl.parameters.count) argument\(decl.parameters.count == 1 ? "" : "s") but \(values.count) \(values.count == 1 ? "was" : "were") given",
                                 at: span, notes: ["defined as \(decl.name)(\(decl.parameters.joined(separator: ", ")))"])
            }
            return try callUser(decl, closure: closure, values: values, span: span)
        }
    }

    /// Calls a user function with already evaluated arguments (used by builtins such as `map`).
    func callUser(_ decl: FunctionDecl, closure: Environment, values: [Value], span: SourceSpan) throws(Diagnostic) -> Value {
        guard callDepth < Interpreter.maxCallDepth else {
            throw Diagnostic(.recursion, "too many nested calls (more than \(Interpreter.maxCallDepth)) in '\(decl.name)'", at: span,
                             notes: ["a recursive function needs a case that stops; or use a for loop"])
        }
        callDepth += 1
        let caller = runningClosure
        runningClosure = closure
        defer {
            callDepth -= 1
            runningClosure = caller
        }
        let frame = Environment(enclosing: closure)
        for ((name, hash), value) in zip(zip(decl.parameters, decl.parameterHashes), values) { frame.define(name, hash: hash, value) }
        if case .returned(let value) = try execute(decl.body, in: frame) { return value }
        return .none
    }

    /// Binds call arguments to a builtin's parameters: positional ones in order (a `*name`
    /// parameter takes all remaining positional arguments), then keywords, then defaults.
    /// Accessors on `Arguments` index the non-variadic parameters in declaration order.
    private func bind(_ builtin: Builtin, _ arguments: [Argument], _ values: [Value], span: SourceSpan) throws(Diagnostic) -> Arguments {
        let parameters = builtin.fixedParameters
        let variadicAt = builtin.variadicIndex
        /// Parameters that positional arguments fill before the variadic one.
        let positionalCount = variadicAt ?? parameters.count
        var bound = parameters.indices.map { Arguments.Bound(value: nil, position: $0 + 1, span: span) }
        var rest: [Value] = [], restPositions: [Int] = [], restSpans: [SourceSpan] = []
        var next = 0
        for (position, (argument, value)) in zip(arguments, values).enumerated() {
            if let label = argument.label {
                guard let index = parameters.firstIndex(where: { $0.name == label }) else {
                    var notes = ["usage: \(builtin.signature)"]
                    if let s = didYouMean(label, among: parameters.map(\.name)) { notes.insert("did you mean '\(s)'?", at: 0) }
                    throw Diagnostic(.argument, "'\(builtin.name)' has no parameter '\(label)'", at: argument.labelSpan ?? span, notes: notes)
                }
                guard bound[index].value == nil else {
                    throw Diagnostic(.argument, "argument '\(label)' to '\(builtin.name)' given twice", at: argument.labelSpan ?? span)
                }
                bound[index] = .init(value: value, position: position + 1, span: argument.value.span)
            } else if next < positionalCount {
                bound[next] = .init(value: value, position: position + 1, span: argument.value.span)
                next += 1
            } else if variadicAt != nil {
                rest.append(value)
                restPositions.append(position + 1)
                restSpans.append(argument.value.span)
            } else {
                let count = parameters.count
                throw Diagnostic(.argument, "too many arguments to '\(builtin.name)' (it takes \(count == 0 ? "none" : "at most \(count)"))",
                                 at: argument.value.span, notes: ["usage: \(builtin.signature)"])
            }
        }
        for (index, parameter) in parameters.enumerated() where bound[index].value == nil {
            if let defaultValue = parameter.defaultValue {
                bound[index].value = defaultValue
            } else {
                throw Diagnostic(.argument, "missing argument '\(parameter.name)' to '\(builtin.name)'", at: span,
                                 notes: ["usage: \(builtin.signature)"])
            }
        }
        // Made at the end, so the arrays are moved in rather than the whole struct copied out.
        return Arguments(builtin: builtin.name, interpreter: self, parameters: parameters, bound: bound,
                         rest: rest, restPositions: restPositions, restSpans: restSpans, callSpan: span)
    }

    // MARK: Subscripts

    func subscriptValue(_ base: Value, _ subscripts: [Subscript], span: SourceSpan, in env: Environment) throws(Diagnostic) -> Value {
        switch base {
        case .tensor(let node):
            var specs: [IndexSpec] = []
            for item in subscripts { specs.append(try indexSpec(item, in: env)) }
            return .tensor(try lift(span) { try node.indexed(specs) })
        case .sequence(let items), .tuple(let items):
            guard subscripts.count == 1 else {
                throw Diagnostic(.index, "a sequence takes one index, got \(subscripts.count)", at: span,
                                 notes: ["index the element first: hs[1][0]"])
            }
            let spec = try indexSpec(subscripts[0], in: env)
            switch spec {
            case .at(let i):
                let resolved = i < 0 ? i + items.count : i
                guard items.indices.contains(resolved) else {
                    throw Diagnostic(.index, "index \(i) is out of range for a sequence of length \(items.count)", at: span)
                }
                return items[resolved]
            case .range:
                let picked = try lift(span) { try Tensor.arange(0, items.count).indexed([spec]) }
                let slice = picked.scalars.compactMap { Int(exactly: $0) }.map { items[$0] }
                if case .tuple = base { return .tuple(slice) }
                return .sequence(slice)
            }
        default:
            throw Diagnostic(.type, "\(base.typeName) cannot be indexed", at: span)
        }
    }

    private func indexSpec(_ item: Subscript, in env: Environment) throws(Diagnostic) -> IndexSpec {
        switch item {
        case .index(let expr):
            return .at(try integer(expr, in: env))
        case .slice(let start, let end, let step):
            let s = try start.map { e throws(Diagnostic) in try integer(e, in: env) }
            let e = try end.map { e throws(Diagnostic) in try integer(e, in: env) }
            let st = try step.map { e throws(Diagnostic) in try integer(e, in: env) }
            if st == 0, let step { throw Diagnostic(.index, "a slice step cannot be 0", at: step.span) }
            return .range(start: s, end: e, step: st)
        }
    }

    /// An index: a whole number or a rank-0 tensor holding one.
    ///
    /// An index is only read, never differentiated, so the common shapes of index
    /// (`t`, `t + 1`, `data[t]`) are computed on plain numbers and record nothing;
    /// anything else, and every error, goes through the general evaluation.
    func integer(_ expr: Expr, in env: Environment) throws(Diagnostic) -> Int {
        if let i = plainInteger(expr, in: env) { return i }
        let value = try evaluate(expr, in: env)
        guard let i = value.wholeNumber else {
            throw Diagnostic(.index, "an index must be a whole number, got \(value.describedForError)", at: expr.span)
        }
        return i
    }

    /// The whole number an index expression stands for, worked out without recording:
    /// a number, a name holding one, `a ± b` or `a * b` of such (staying within the
    /// range ``Value/wholeNumber`` accepts), or an element `v[i]` of a vector. Nil when
    /// the expression is of another kind or is not such a number; the caller then
    /// evaluates it in full, which also gives any error.
    private func plainInteger(_ expr: Expr, in env: Environment) -> Int? {
        switch expr.kind {
        case .number(let x):
            return Value.wholeNumber(x)
        case .variable(let name):
            guard case .tensor(let v)? = env.lookup(name, hash: expr.nameHash), v.value.count == 1, v.value.rank <= 1 else { return nil }
            return Value.wholeNumber(v.value.scalars[0])
        case .binary(let op, let a, let b) where op == .add || op == .subtract || op == .multiply:
            guard let x = plainInteger(a, in: env), let y = plainInteger(b, in: env) else { return nil }
            let (result, overflow) = op == .add ? x.addingReportingOverflow(y)
                : op == .subtract ? x.subtractingReportingOverflow(y) : x.multipliedReportingOverflow(by: y)
            return overflow ? nil : Value.wholeNumber(Double(result))
        case .subscripted(let baseExpr, let subscripts):
            // `data[t]` used as an index (`Wxh[:, data[t]]`): read the element.
            guard subscripts.count == 1, case .index(let indexExpr) = subscripts[0],
                  case .variable(let name) = baseExpr.kind, case .tensor(let vector)? = env.lookup(name, hash: baseExpr.nameHash),
                  vector.value.rank == 1, let i = plainInteger(indexExpr, in: env) else { return nil }
            let n = vector.value.count
            let resolved = i < 0 ? i + n : i
            guard resolved >= 0, resolved < n else { return nil }
            return Value.wholeNumber(vector.value.scalars[resolved])
        default:
            return nil
        }
    }
}
