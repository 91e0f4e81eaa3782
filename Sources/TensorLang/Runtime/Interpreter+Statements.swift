import TensorCore
import Autodiff

/// How a statement finished.
enum Completion {
    case normal, breakLoop, continueLoop
    case returned(Value)
}

extension Interpreter {
    func execute(_ statements: [Stmt], in env: Environment) throws(Diagnostic) -> Completion {
        for statement in statements {
            let completion = try execute(statement, in: env)
            if case .normal = completion { continue }
            return completion
        }
        return .normal
    }

    func execute(_ statement: Stmt, in env: Environment) throws(Diagnostic) -> Completion {
        switch statement.kind {
        case .expression(let expr, _):
            _ = try evaluate(expr, in: env)
        case .assign(let target, let expr):
            let value = try evaluate(expr, in: env)
            try assign(value, to: target, hashes: statement.boundNameHashes, span: expr.span, in: env)
        case .function(let decl):
            env.define(decl.name, hash: statement.boundNameHashes[0], .function(.user(decl, env)))
        case .ifElse(let condition, let then, let otherwise):
            if try truth(try evaluate(condition, in: env), span: condition.span) {
                return try execute(then, in: env)
            } else if let otherwise {
                return try execute(otherwise, in: env)
            }
        case .whileLoop(let condition, let body):
            while try truth(try evaluate(condition, in: env), span: condition.span) {
                try checkInterrupt(statement.span)
                switch try execute(body, in: env) {
                case .breakLoop: return .normal
                case .returned(let v): return .returned(v)
                default: continue
                }
            }
        case .forIn(let name, _, let sequenceExpr, let body):
            let sequence = try evaluate(sequenceExpr, in: env)
            let count = try iterationCount(sequence, span: sequenceExpr.span)
            for i in 0..<count {
                try checkInterrupt(statement.span)
                env.define(name, hash: statement.boundNameHashes[0], try element(of: sequence, at: i, span: sequenceExpr.span))
                switch try execute(body, in: env) {
                case .breakLoop: return .normal
                case .returned(let v): return .returned(v)
                default: continue
                }
            }
        case .returnValue(let expr):
            return .returned(try expr.map { e throws(Diagnostic) in try evaluate(e, in: env) } ?? Value.none)
        case .breakLoop:
            return .breakLoop
        case .continueLoop:
            return .continueLoop
        }
        return .normal
    }

    /// Binds `value` to the target's names, whose ``NameHash``es are `hashes` (in order).
    private func assign(_ value: Value, to target: AssignmentTarget, hashes: [Int], span: SourceSpan, in env: Environment) throws(Diagnostic) {
        switch target {
        case .name(let name, _):
            retireIfReplaced(name, hash: hashes[0], by: value, in: env)
            env.define(name, hash: hashes[0], value)
        case .destructure(let names):
            let items: [Value]
            switch value {
            case .tuple(let v), .sequence(let v): items = v.elements
            default:
                throw Diagnostic(.type, "cannot unpack \(value.typeName) into \(names.count) names", at: span,
                                 notes: ["destructuring needs a tuple or sequence, e.g. U, S, V = svd(W)"])
            }
            guard items.count == names.count else {
                throw Diagnostic(.value, "cannot unpack \(items.count) values into \(names.count) names", at: span)
            }
            for (((name, _), hash), item) in zip(zip(names, hashes), items) {
                retireIfReplaced(name, hash: hash, by: item, in: env)
                env.define(name, hash: hash, item)
            }
        }
    }

    /// `W = W - lr * g` replaces the parameter the update was computed from: the old `W`
    /// is retired, so the graph built with it can be freed even if a record still holds it.
    /// The same holds place by place when a list of parameters is replaced by the list of
    /// their updates (`params, mems = adagrad(params, grads, mems, lr)`).
    private func retireIfReplaced(_ name: String, hash: Int, by value: Value, in env: Environment) {
        switch (value, env.localValue(name, hash: hash)) {
        case (.tensor(let new), .tensor(let old)?):
            if new.isUpdate(of: old) { old.retire() }
        case (.sequence(let new), .sequence(let old)?), (.tuple(let new), .tuple(let old)?):
            var replaced: [Variable] = []
            for case (.tensor(let n), .tensor(let o)) in zip(new.elements, old.elements) where n.isUpdate(of: o) {
                replaced.append(o)
            }
            if !replaced.isEmpty { Variable.retire(replaced) }
        default:
            return
        }
    }

    /// `if`/`while` conditions: a boolean, or a single number (non-zero is true).
    func truth(_ value: Value, span: SourceSpan) throws(Diagnostic) -> Bool {
        switch value {
        case .bool(let b): return b
        case .tensor(let node) where node.value.count == 1: return (node.value.scalarValue ?? 0) != 0
        default:
            throw Diagnostic(.type, "a condition must be true/false or a single number, got \(value.typeName)", at: span,
                             notes: ["compare explicitly, e.g. norm(g) > 5, or reduce with sum/max first"])
        }
    }

    func iterationCount(_ value: Value, span: SourceSpan) throws(Diagnostic) -> Int {
        switch value {
        case .range(let a, let b): return max(0, b - a)
        case .sequence(let items), .tuple(let items): return items.count
        case .tensor(let node) where node.value.rank >= 1: return node.value.shape[0]
        default:
            throw Diagnostic(.type, "cannot loop over \(value.typeName)", at: span,
                             notes: ["loop over a range (0..n), a sequence or a tensor's rows"])
        }
    }

    func element(of value: Value, at i: Int, span: SourceSpan) throws(Diagnostic) -> Value {
        switch value {
        case .range(let a, _): return .scalar(Double(a + i))
        case .sequence(let items), .tuple(let items): return items[i]
        case .tensor(let node):
            return .tensor(try lift(span) { try node.indexed([.at(i)]) })
        default: return Value.none
        }
    }
}
