import Formats
import Kernel

/// `kernel_info_request` → protocol and language facts. Served on shell and
/// control; the client's readiness check depends on its busy/idle pair.
enum KernelInfoHandler: RequestHandler {
    static let requestType = "kernel_info_request"

    static func handle(_ content: JSONValue, kernel: KernelState, publish: @escaping Publish) throws -> (reply: JSONValue?, outcome: HandlerOutcome) {
        let configuration = kernel.configuration
        let languageInfo: JSONValue = [
            "name": .string(LanguageInfo.name),
            "version": .string(LanguageInfo.version),
            "mimetype": .string(LanguageInfo.mimetype),
            "file_extension": .string(LanguageInfo.fileExtension),
            "pygments_lexer": .string(LanguageInfo.pygmentsLexer),
            "codemirror_mode": .string(LanguageInfo.codemirrorMode),
            "nbconvert_exporter": "script",
        ]
        let reply: JSONValue = [
            "status": "ok",
            "protocol_version": .string(MessageHeader.protocolVersion),
            "implementation": "unroll",
            "implementation_version": .string(configuration.implementationVersion),
            "language_info": languageInfo,
            "banner": .string(configuration.banner),
            "help_links": .array(configuration.helpLinks.map { ["text": .string($0.text), "url": .string($0.url)] }),
            "debugger": false,
        ]
        return (reply, .proceed)
    }
}
