import TensorCore

/// The JSON lines `unroll run --json` writes, one per output or error:
/// `{"value": {"shape": [2], "data": [1.0, 2.0]}}`, `{"stdout": "hi\n"}`,
/// `{"display": {"text/plain": …, "image/svg+xml": …}}` and
/// `{"error": {"kind": "shape", "message": "…", "line": 2, "column": 5, "notes": []}}`.
/// Values come from a session made with ``SessionOptions/valuesAsJSON``.
extension SessionOutput {
    public var jsonLine: String {
        switch self {
        case .stream(let name, let text):
            return "{\(JSONText.quoted(name)): \(JSONText.quoted(text))}"
        case .display(let bundle), .result(let bundle):
            if let value = bundle.data["application/json"] { return "{\"value\": \(value)}" }
            let formats = bundle.data.keys.sorted().map { "\(JSONText.quoted($0)): \(JSONText.quoted(bundle.data[$0] ?? ""))" }
            return "{\"display\": {" + formats.joined(separator: ", ") + "}}"
        }
    }
}

extension SessionError {
    public var jsonLine: String {
        let notes = "[" + notes.map(JSONText.quoted).joined(separator: ", ") + "]"
        return "{\"error\": {\"kind\": \(JSONText.quoted(name)), \"message\": \(JSONText.quoted(value)), "
            + "\"line\": \(line ?? 1), \"column\": \(column ?? 1), \"notes\": \(notes)}}"
    }
}
