/// Variables: a frame of names with an optional enclosing frame.
///
/// Top-level code runs in the session's global frame; each function call gets a fresh
/// frame whose parent is the frame the function was defined in. Assignment always binds
/// in the current frame; lookup walks outward. Blocks (`if`, `for`) do not open frames.
public final class Environment {
    public private(set) var values: [String: Value] = [:]
    public let enclosing: Environment?

    public init(enclosing: Environment? = nil) {
        self.enclosing = enclosing
    }

    public func define(_ name: String, _ value: Value) {
        values[name] = value
    }

    /// Forgets every variable of this frame. A function defined at the top level
    /// holds the frame it was defined in, and the frame holds the function, so a
    /// session that is finished with must be cleared to be freed.
    public func removeAll() {
        values.removeAll()
    }

    /// The value bound to `name` in this frame only (not the enclosing ones).
    public func localValue(_ name: String) -> Value? { values[name] }

    public func lookup(_ name: String) -> Value? {
        var frame: Environment? = self
        while let current = frame {
            if let value = current.values[name] { return value }
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
        var names = Set(values.keys)
        if let enclosing { names.formUnion(enclosing.visibleNames) }
        return names
    }
}
