import Formats

/// The JSON lines `unroll run --json` writes, one per output or error:
/// `{"value": {"data": [1.0, 2.0], "shape": [2]}}`, `{"stdout": "hi\n"}`,
/// `{"display": {"image/svg+xml": …, "text/plain": …}}`, `{"page": {"text/plain": …}}` (help) and
/// `{"error": {"column": 5, "kind": "shape", "line": 2, "message": "…", "notes": []}}`.
/// Values come from a session made with ``SessionOptions/valuesAsJSON``.
extension SessionOutput {
    /// The output's JSON line, written to `writer` (a value streams out; see ``ValueJSON``).
    public func writeJSON(to writer: inout JSONWriter) {
        switch self {
        case .stream(let name, let text):
            JSONValue.object([name: .string(text)]).write(to: &writer)
        case .display(let bundle), .result(let bundle):
            guard let value = bundle.json else {
                JSONValue.object(["display": JSONValue(bundle.data)]).write(to: &writer)
                return
            }
            writer.beginObject()
            writer.key("value")
            value.write(to: &writer)
            writer.endObject()
        case .page(let bundle):
            JSONValue.object(["page": JSONValue(bundle.data)]).write(to: &writer)
        }
    }
}
