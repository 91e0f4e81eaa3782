import TensorLang

/// The names a piece of code binds in its session's global frame: assignments,
/// `def`s and loop variables at the top level, including inside top-level `if`,
/// `for` and `while` blocks (blocks do not open frames), but not inside functions.
///
/// The names a reference solution binds are an exercise's *answer names*: the
/// checks see the student's values of them, and the lesson's values of every
/// other name.
enum AnswerNames {
    static func of(_ code: String) -> Set<String> {
        guard let program = try? Parser.parse(code) else { return [] }
        var names = Set<String>()
        func visit(_ statements: [Stmt]) {
            for statement in statements {
                switch statement.kind {
                case .assign(.name(let name, _), _): names.insert(name)
                case .assign(.destructure(let targets), _): names.formUnion(targets.map(\.0))
                case .function(let decl): names.insert(decl.name)
                case .forIn(let variable, _, _, let body):
                    names.insert(variable)
                    visit(body)
                case .ifElse(_, let then, let otherwise):
                    visit(then)
                    visit(otherwise ?? [])
                case .whileLoop(_, let body): visit(body)
                case .expression, .returnValue, .breakLoop, .continueLoop: continue
                }
            }
        }
        visit(program)
        return names
    }
}

extension Value {
    /// A copy that shares nothing with the session it came from: tensors become new
    /// leaves without autodiff history, so `graph` and `grad` cannot look back into
    /// the computation that made them. nil for a function (and anything holding one),
    /// whose closure would carry that session along.
    var detachedCopy: Value? {
        switch self {
        case .tensor(let variable): return .tensor(variable.value)
        case .sequence(let items): return items.elements.detachedCopies.map(Value.sequence)
        case .tuple(let items): return items.elements.detachedCopies.map(Value.tuple)
        case .record(let record):
            var fields: [(name: String, value: Value)] = []
            for field in record.fields {
                guard let copy = field.value.detachedCopy else { return nil }
                fields.append((field.name, copy))
            }
            return .record(Record(fields: fields))
        case .function: return nil
        case .bool, .string, .range, .none: return self
        }
    }
}

private extension Array where Element == Value {
    var detachedCopies: [Value]? {
        var copies: [Value] = []
        for item in self {
            guard let copy = item.detachedCopy else { return nil }
            copies.append(copy)
        }
        return copies
    }
}
