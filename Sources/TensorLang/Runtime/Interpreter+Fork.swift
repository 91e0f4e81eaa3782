/// Copying a session cheaply, so many students can start from one prepared state.
extension Interpreter {
    /// A new session holding this one's variables, libraries and random
    /// generator state, as if the same code had been run in it.
    ///
    /// Values are immutable, so the copy shares them. Functions defined at the
    /// top level are rebound to the copy's globals, so they see the copy's
    /// variables (a student who reassigns `W` changes what `step` uses, exactly
    /// as in a fresh run). The copy has the same limits, its own interrupt flag
    /// and budget (the values it shares stay charged to this session), and no sink.
    ///
    /// - Complexity: O(number of global variables), independent of tensor sizes.
    public func fork() -> Interpreter {
        let copy = Interpreter(registry: registry)
        copy.generator = generator
        copy.limits = limits
        copy.timeLimit = timeLimit
        copy.stackBudget = stackBudget
        for (name, value) in globals.values {
            copy.globals.define(name, Interpreter.rebind(value, from: globals, to: copy.globals))
        }
        return copy
    }

    private static func rebind(_ value: Value, from old: Environment, to new: Environment) -> Value {
        switch value {
        case .function(.user(let decl, let closure)) where closure === old:
            return .function(.user(decl, new))
        case .sequence(let items):
            return .sequence(items.map { rebind($0, from: old, to: new) })
        case .tuple(let items):
            return .tuple(items.map { rebind($0, from: old, to: new) })
        case .record(let record):
            return .record(Record(fields: record.fields.map { ($0.name, rebind($0.value, from: old, to: new)) }))
        default:
            return value
        }
    }
}
