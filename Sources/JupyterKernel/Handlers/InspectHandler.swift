import Formats
import Kernel

/// `inspect_request` → help for the name under the cursor (Shift-Tab in a notebook).
enum InspectHandler: RequestHandler {
    static let requestType = "inspect_request"

    static func handle(_ content: JSONValue, kernel: KernelState, publish: @escaping Publish) throws -> (reply: JSONValue?, outcome: HandlerOutcome) {
        let fields = try RequestContent(content)
        let code = try fields.string("code")
        let cursor = try fields.int("cursor_pos") ?? code.unicodeScalars.count
        let detail = try fields.int("detail_level") ?? 0
        let bundle = kernel.session.inspect(code, cursor: TextOffsets.characterOffset(ofScalarOffset: cursor, in: code), detailLevel: detail)
        let reply: JSONValue = [
            "status": "ok",
            "found": .bool(bundle != nil),
            "data": bundle.map { JSONValue($0.data) } ?? .emptyObject,
            "metadata": .emptyObject,
        ]
        return (reply, .proceed)
    }
}
