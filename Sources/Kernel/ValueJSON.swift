import Formats
import TensorLang

/// A value shown by a cell, kept to be written as JSON by whoever asks (`unroll run
/// --json`): it streams out through a ``JSONWriter`` (a tensor's numbers one by one),
/// so writing a value of millions of numbers needs no copy of it as text or as a tree.
/// Values never change once made, so reading it from another thread is safe.
public final class ValueJSON: @unchecked Sendable, Equatable {
    private let value: Value

    init(_ value: Value) { self.value = value }

    /// Writes the value's JSON (`{"data": [...], "shape": [...]}` for a tensor).
    public func write(to writer: inout JSONWriter) { value.writeJSON(to: &writer) }

    /// The value's JSON as a tree, for small values and tests.
    public var tree: JSONValue { value.json }

    /// The same value shown once: two bundles are equal only when they show the same shown value.
    public static func == (a: ValueJSON, b: ValueJSON) -> Bool { a === b }
}
