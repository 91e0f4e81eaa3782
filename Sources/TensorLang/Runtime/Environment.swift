/// Variables: a frame of names with an optional enclosing frame.
///
/// Top-level code runs in the session's global frame; each function call gets a fresh
/// frame whose parent is the frame the function was defined in. Assignment always binds
/// in the current frame; lookup walks outward. Blocks (`if`, `for`) do not open frames.
public final class Environment {
    /// This frame's names (``NameTable``: hashed once per name in the syntax tree).
    @exclusivity(unchecked) private var table = NameTable<Value>()
    public let enclosing: Environment?

    public init(enclosing: Environment? = nil) {
        self.enclosing = enclosing
    }

    /// This frame's variables (not the enclosing ones'), made on request.
    public var values: [String: Value] {
        Dictionary(table.entries.map { ($0.name, $0.element) }, uniquingKeysWith: { first, _ in first })
    }

    public func define(_ name: String, _ value: Value) {
        table.set(value, named: name, hash: NameHash.of(name))
    }

    /// ``define(_:_:)`` with the name's ``NameHash`` already known.
    func define(_ name: String, hash: Int, _ value: Value) {
        table.set(value, named: name, hash: hash)
    }

    /// Forgets every variable of this frame. A function defined at the top level
    /// holds the frame it was defined in, and the frame holds the function, so a
    /// session that is finished with must be cleared to be freed.
    public func removeAll() {
        table.removeAll()
    }

    /// The value bound to `name` in this frame only (not the enclosing ones).
    public func localValue(_ name: String) -> Value? { table.element(named: name, hash: NameHash.of(name)) }

    /// ``localValue(_:)`` with the name's ``NameHash`` already known.
    func localValue(_ name: String, hash: Int) -> Value? { table.element(named: name, hash: hash) }

    public func lookup(_ name: String) -> Value? { lookup(name, hash: NameHash.of(name)) }

    /// ``lookup(_:)`` with the name's ``NameHash`` already known (a name in the syntax tree).
    func lookup(_ name: String, hash: Int) -> Value? {
        var frame: Environment? = self
        while let current = frame {
            if let value = current.table.element(named: name, hash: hash) { return value }
            frame = current.enclosing
        }
        return nil
    }

    /// Whether `frame` is this frame or one it is nested in: a function defined in a
    /// session's global frame (or inside such a function) runs in frames inside it.
    public func isInside(_ frame: Environment) -> Bool {
        var current: Environment? = self
        while let candidate = current {
            if candidate === frame { return true }
            current = candidate.enclosing
        }
        return false
    }

    /// Every visible name (for completion and "did you mean").
    public var visibleNames: Set<String> {
        var names = Set(table.entries.map(\.name))
        if let enclosing { names.formUnion(enclosing.visibleNames) }
        return names
    }
}
