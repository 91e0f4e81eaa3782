import Formats
import Kernel

/// `is_complete_request` → whether a console should run the input or ask for
/// another line (and how to indent it).
enum IsCompleteHandler: RequestHandler {
    static let requestType = "is_complete_request"

    static func handle(_ content: JSONValue, kernel: KernelState, publish: @escaping Publish) throws -> (reply: JSONValue?, outcome: HandlerOutcome) {
        let code = try RequestContent(content).string("code")
        let reply: JSONValue
        switch kernel.session.isComplete(code) {
        case .complete: reply = ["status": "complete"]
        case .incomplete(let indent): reply = ["status": "incomplete", "indent": .string(indent)]
        case .invalid: reply = ["status": "invalid"]
        }
        return (reply, .proceed)
    }
}
