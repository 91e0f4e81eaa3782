import Formats
import Foundation

/// Publishes one IOPub message (`msg_type`, content) as a child of the request being handled.
public typealias Publish = (_ msgType: String, _ content: JSONValue) -> Void

/// What the loop should do after a request.
public enum HandlerOutcome: Equatable, Sendable {
    case proceed
    /// Stop serving; the client may start a new kernel (`restart`).
    case shutdown(restart: Bool)
    /// An execution failed with `stop_on_error`: answer queued executions with an error.
    case abortQueuedExecutions
}

/// One message type's behaviour, as a function from the request's content to
/// the reply's content, publishing side effects on the way. No sockets: the
/// dispatcher adds headers, busy/idle and routing.
protocol RequestHandler {
    /// The request's `msg_type`, e.g. `execute_request`.
    static var requestType: String { get }
    /// The reply's content (`nil` for messages that are not answered), plus the outcome.
    static func handle(_ content: JSONValue, kernel: KernelState, publish: @escaping Publish) throws -> (reply: JSONValue?, outcome: HandlerOutcome)
}

extension RequestHandler {
    /// `execute_request` → `execute_reply`.
    static var replyType: String { RequestDispatcher.replyType(for: requestType) }
}
