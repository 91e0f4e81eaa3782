import Formats
import Foundation

/// Routes a request to its handler and wraps it in the protocol's lifecycle:
/// IOPub `status: busy`, the handler's side effects, the reply on the
/// request's channel, IOPub `status: idle` — every message a child of the
/// request. No sockets: `send` and `publish` deliver the messages, so tests
/// drive it directly.
public final class RequestDispatcher: Sendable {
    /// The channel a request arrived on.
    public enum Channel: String, Sendable {
        case shell, control
    }

    public let kernel: KernelState
    public let builder: MessageBuilder
    private let log: @Sendable (String) -> Void

    /// Everything the shell channel answers (shutdown there is deprecated but still honoured).
    static var shellHandlers: [String: any RequestHandler.Type] { handlerTable([
        KernelInfoHandler.self, ExecuteHandler.self, CompleteHandler.self, InspectHandler.self,
        IsCompleteHandler.self, HistoryHandler.self, CommInfoHandler.self, CommOpenHandler.self,
        ShutdownHandler.self, InterruptHandler.self,
    ]) }
    /// The control channel never touches the interpreter beyond `interrupt()`,
    /// so it answers while a cell runs.
    static var controlHandlers: [String: any RequestHandler.Type] { handlerTable([
        KernelInfoHandler.self, ShutdownHandler.self, InterruptHandler.self,
    ]) }
    /// Messages that need no answer and no log line.
    static let ignoredQuietly: Set<String> = ["comm_msg", "comm_close"]

    private static func handlerTable(_ handlers: [any RequestHandler.Type]) -> [String: any RequestHandler.Type] {
        Dictionary(uniqueKeysWithValues: handlers.map { ($0.requestType, $0) })
    }

    public init(kernel: KernelState, builder: MessageBuilder, log: @escaping @Sendable (String) -> Void) {
        self.kernel = kernel
        self.builder = builder
        self.log = log
    }

    /// `execute_request` → `execute_reply`; other names get `_reply` appended.
    static func replyType(for requestType: String) -> String {
        requestType.hasSuffix("_request") ? String(requestType.dropLast("_request".count)) + "_reply" : requestType + "_reply"
    }

    /// Handles one request from start to idle.
    /// - Parameter aborting: answer `execute_request` with `status: "aborted"` instead of running it.
    @discardableResult
    public func handle(
        _ request: KernelMessage, on channel: Channel, aborting: Bool = false,
        send: (KernelMessage) -> Void, publish: @escaping (KernelMessage) -> Void
    ) -> HandlerOutcome {
        let type = request.msgType
        publish(builder.broadcast("status", content: ["execution_state": "busy"], parent: request))
        defer { publish(builder.broadcast("status", content: ["execution_state": "idle"], parent: request)) }

        if aborting, type == ExecuteHandler.requestType, channel == .shell {
            send(builder.reply(to: request, type: ExecuteHandler.replyType, content: ExecuteHandler.abortedReply))
            return .proceed
        }
        let table = channel == .shell ? Self.shellHandlers : Self.controlHandlers
        guard let handler = table[type] else {
            return answerUnhandled(request, on: channel, send: send)
        }
        let sideEffect: Publish = { msgType, content in
            publish(self.builder.broadcast(msgType, content: content, parent: request))
        }
        do {
            let (reply, outcome) = try handler.handle(request.content, kernel: kernel, publish: sideEffect)
            if let reply { send(builder.reply(to: request, type: handler.replyType, content: reply)) }
            return outcome
        } catch {
            log("\(type) \(request.header.msgId) refused: \(error)")
            let count = channel == .shell && type == ExecuteHandler.requestType ? kernel.session.executionCount : nil
            let content = Self.errorReply(name: "BadRequest", message: "\(type): \(error)", executionCount: count)
            send(builder.reply(to: request, type: handler.replyType, content: content))
            return .proceed
        }
    }

    /// A type without a handler here: requests get an error reply (so no client
    /// waits forever), other messages are logged and dropped.
    private func answerUnhandled(_ request: KernelMessage, on channel: Channel, send: (KernelMessage) -> Void) -> HandlerOutcome {
        let type = request.msgType
        if Self.ignoredQuietly.contains(type) { return .proceed }
        let servedElsewhere = channel == .control && Self.shellHandlers[type] != nil
        let reason = servedElsewhere ? "is served on the shell channel, not control" : "is not supported by this kernel"
        log("\(channel.rawValue): '\(type)' \(reason)")
        guard type.hasSuffix("_request") else { return .proceed }
        let content = Self.errorReply(name: "UnsupportedRequest", message: "'\(type)' \(reason)", executionCount: nil)
        send(builder.reply(to: request, type: Self.replyType(for: type), content: content))
        return .proceed
    }

    /// An error reply: `status: error` with `ename`, `evalue` and a one-line traceback.
    static func errorReply(name: String, message: String, executionCount: Int?) -> JSONValue {
        var members: [String: JSONValue] = [
            "status": "error", "ename": .string(name), "evalue": .string(message), "traceback": [.string("\(name): \(message)")],
        ]
        if let executionCount { members["execution_count"] = .int(executionCount) }
        return .object(members)
    }
}
