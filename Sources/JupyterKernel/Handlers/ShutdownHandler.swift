import Formats

/// `shutdown_request` (on control) → reply, then the kernel exits. `restart`
/// is echoed: the client, not the kernel, starts the replacement.
enum ShutdownHandler: RequestHandler {
    static let requestType = "shutdown_request"

    static func handle(_ content: JSONValue, kernel: KernelState, publish: @escaping Publish) throws -> (reply: JSONValue?, outcome: HandlerOutcome) {
        let restart = try RequestContent(content).bool("restart", default: false)
        return (["status": "ok", "restart": .bool(restart)], .shutdown(restart: restart))
    }
}
