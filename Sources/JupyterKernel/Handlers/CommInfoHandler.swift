import Formats

/// `comm_info_request` → the open comms. This kernel opens none.
enum CommInfoHandler: RequestHandler {
    static let requestType = "comm_info_request"

    static func handle(_ content: JSONValue, kernel: KernelState, publish: @escaping Publish) throws -> (reply: JSONValue?, outcome: HandlerOutcome) {
        (["status": "ok", "comms": .emptyObject], .proceed)
    }
}

/// `comm_open` from the front-end: no comm targets exist, so the comm is
/// closed again at once, as the protocol asks for unknown targets.
enum CommOpenHandler: RequestHandler {
    static let requestType = "comm_open"

    static func handle(_ content: JSONValue, kernel: KernelState, publish: @escaping Publish) throws -> (reply: JSONValue?, outcome: HandlerOutcome) {
        if let id = content["comm_id"]?.stringValue {
            publish("comm_close", ["comm_id": .string(id), "data": .emptyObject])
        }
        return (nil, .proceed)
    }
}
