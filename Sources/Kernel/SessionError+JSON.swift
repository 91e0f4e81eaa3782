import Formats

/// The error line of `unroll run --json` (see ``SessionOutput/writeJSON(to:)``).
extension SessionError {
    public var json: JSONValue {
        ["error": ["kind": .string(name), "message": .string(value), "line": .int(line ?? 1), "column": .int(column ?? 1),
                   "notes": JSONValue(notes)]]
    }
}
