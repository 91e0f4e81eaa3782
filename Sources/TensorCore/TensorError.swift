/// The one error type thrown by every tensor operation.
///
/// It names the operation and the shapes or values involved, and its message is
/// written for a student: lowercase, concrete, saying what to do next where it can.
public struct TensorError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What kind of mistake it is; front-ends map these to error kinds.
    public enum Kind: String, Sendable, Equatable {
        /// Two shapes that the operation cannot combine.
        case shapeMismatch = "shape"
        /// An index or axis past the end of a dimension.
        case indexOutOfRange = "index"
        /// A value the operation does not accept (negative size, empty matrix, bad probability...).
        case invalidArgument = "value"
        /// A request for more elements (or a larger rank) than the configured limit,
        /// more than a session's budget, or work past its time limit.
        case limitExceeded = "limit"
        /// The program was asked to stop (Ctrl-C, a notebook's interrupt).
        case interrupted
    }

    public var kind: Kind
    /// The operation that failed, e.g. `"matmul"`.
    public var operation: String
    /// A human message, e.g. `shapes (2, 2) and (3,) cannot be multiplied: inner sizes 2 and 3 differ`.
    public var message: String

    public init(_ kind: Kind, _ operation: String, _ message: String) {
        self.kind = kind
        self.operation = operation
        self.message = message
    }

    public var description: String { "\(operation): \(message)" }

    static func shape(_ op: String, _ message: String) -> TensorError { .init(.shapeMismatch, op, message) }
    static func index(_ op: String, _ message: String) -> TensorError { .init(.indexOutOfRange, op, message) }
    static func value(_ op: String, _ message: String) -> TensorError { .init(.invalidArgument, op, message) }
}

/// Formats a shape the way numpy prints it: `(2, 3)`, `(3,)`, `()`.
public func describeShape(_ shape: [Int]) -> String {
    switch shape.count {
    case 0: return "()"
    case 1: return "(\(shape[0]),)"
    default: return "(" + shape.map(String.init).joined(separator: ", ") + ")"
    }
}
