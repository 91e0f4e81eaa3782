/// Why a text is not JSON, and where: `expected ':' at byte 12`.
public struct JSONError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    /// The 0-based byte offset where reading stopped.
    public var offset: Int

    public init(_ message: String, at offset: Int) {
        self.message = message
        self.offset = offset
    }

    public var description: String { "\(message) at byte \(offset)" }
}
