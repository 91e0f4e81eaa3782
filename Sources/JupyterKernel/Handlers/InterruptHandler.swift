import Formats

/// `interrupt_request` (on control, `interrupt_mode: "message"`) → asks the
/// running cell to stop. The cell's own reply reports the interruption; the
/// session and its variables stay.
enum InterruptHandler: RequestHandler {
    static let requestType = "interrupt_request"

    static func handle(_ content: JSONValue, kernel: KernelState, publish: @escaping Publish) throws -> (reply: JSONValue?, outcome: HandlerOutcome) {
        kernel.session.interrupt()
        return (["status": "ok"], .proceed)
    }
}
