import Formats

/// The JSON lines `unroll run --json` writes, one per output or error:
/// `{"value": {"data": [1.0, 2.0], "shape": [2]}}`, `{"stdout": "hi\n"}`,
/// `{"display": {"image/svg+xml": …, "text/plain": …}}` and
/// `{"error": {"column": 5, "kind": "shape", "line": 2, "message": "…", "notes": []}}`.
/// Values come from a session made with ``SessionOptions/valuesAsJSON``.
extension SessionOutput {
    public var json: JSONValue {
        switch self {
        case .stream(let name, let text): return [name: .string(text)]
        case .display(let bundle), .result(let bundle):
            if let value = bundle.json { return ["value": value] }
            return ["display": JSONValue(bundle.data)]
        }
    }
}

extension SessionError {
    public var json: JSONValue {
        ["error": ["kind": .string(name), "message": .string(value), "line": .int(line ?? 1), "column": .int(column ?? 1),
                   "notes": JSONValue(notes)]]
    }
}
