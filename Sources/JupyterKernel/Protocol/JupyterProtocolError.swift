/// Why an incoming message or a connection file was refused. Each case says
/// what was wrong in words a kernel log reader can act on.
public enum JupyterProtocolError: Error, Equatable, CustomStringConvertible {
    /// The frames had no `<IDS|MSG>` delimiter.
    case missingDelimiter
    /// Fewer than the signature and four JSON frames after the delimiter.
    case tooFewFrames(Int)
    /// The signature did not match (or was missing while a key is set).
    case badSignature
    /// A JSON frame did not parse.
    case malformedJSON(String)
    /// The header lacked a field or had the wrong type for it.
    case malformedHeader(String)
    /// The message was larger than the kernel accepts.
    case oversized(bytes: Int, limit: Int)

    public var description: String {
        switch self {
        case .missingDelimiter: return "message has no <IDS|MSG> delimiter frame"
        case .tooFewFrames(let n): return "message has \(n) frames after the delimiter; at least 5 (signature, header, parent header, metadata, content) are needed"
        case .badSignature: return "message signature is missing or wrong; check that the client uses the connection file's key"
        case .malformedJSON(let detail): return "message frame is not valid JSON (\(detail))"
        case .malformedHeader(let detail): return "message header is malformed: \(detail)"
        case .oversized(let bytes, let limit): return "message of \(bytes) bytes exceeds the \(limit)-byte limit"
        }
    }
}
