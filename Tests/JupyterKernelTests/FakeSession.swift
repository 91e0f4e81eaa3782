import Formats
import Foundation
import Kernel

@testable import JupyterKernel

/// A scripted `KernelSession`: each cell's outputs and error come from
/// `script`, keyed by the code; everything else is recorded for assertions.
final class FakeSession: KernelSession, @unchecked Sendable {
    struct Cell {
        var outputs: [SessionOutput] = []
        var error: SessionError?
        var quit = false
    }

    var script: [String: Cell] = [:]
    var completions: [String: CompletionResult] = [:]
    var documentation: [String: MimeBundle] = [:]
    var completeness: [String: CompletenessStatus] = [:]
    var entries: [HistoryEntry] = []
    var historySession = 1
    var evaluations: [String: Result<MimeBundle, SessionError>] = [:]
    private(set) var evaluated: [String] = []
    private(set) var executionCount = 1
    private(set) var executed: [(code: String, storeHistory: Bool)] = []
    private(set) var completeCalls: [(code: String, cursor: Int)] = []
    private(set) var inspectCalls: [(code: String, cursor: Int, detailLevel: Int)] = []
    private(set) var interruptCount = 0

    func execute(_ code: String, storeHistory: Bool, onOutput: @escaping (SessionOutput) -> Void) -> ExecutionResult {
        executed.append((code, storeHistory))
        let count = executionCount
        let cell = script[code] ?? Cell()
        if storeHistory {
            var entry = HistoryEntry(session: historySession, line: count, input: code)
            for case .result(let bundle) in cell.outputs { entry.output = bundle.plain }
            entries.append(entry)
            executionCount += 1
        }
        cell.outputs.forEach(onOutput)
        return ExecutionResult(executionCount: count, outputs: cell.outputs, error: cell.error, quitRequested: cell.quit)
    }

    func complete(_ code: String, cursor: Int) -> CompletionResult {
        completeCalls.append((code, cursor))
        return completions[code] ?? CompletionResult(matches: [], cursorStart: cursor, cursorEnd: cursor)
    }

    func inspect(_ code: String, cursor: Int, detailLevel: Int) -> MimeBundle? {
        inspectCalls.append((code, cursor, detailLevel))
        return documentation[code]
    }

    func isComplete(_ code: String) -> CompletenessStatus { completeness[code] ?? .complete }

    func interrupt() { interruptCount += 1 }

    func history() -> [HistoryEntry] { entries }

    func evaluate(_ expression: String) -> Result<MimeBundle, SessionError> {
        evaluated.append(expression)
        return evaluations[expression] ?? .failure(SessionError(name: "name", value: "'\(expression)' is not defined", traceback: []))
    }
}

/// Drives a `RequestDispatcher` with no sockets and keeps what it sent.
final class DispatcherHarness {
    let session = FakeSession()
    let dispatcher: RequestDispatcher
    let client = MessageBuilder(session: "client-session", username: "student")
    var replies: [KernelMessage] = []
    var published: [KernelMessage] = []
    var logLines: [String] { logged.lines }
    private let logged = LogCollector()

    init() {
        let kernel = KernelState(session: session, configuration: KernelConfiguration(implementationVersion: "9.9.9", banner: "hello", helpLinks: [(text: "Docs", url: "https://example.org/docs")]))
        dispatcher = RequestDispatcher(kernel: kernel, builder: MessageBuilder(session: "kernel-session"), log: { [logged] in logged.add($0) })
    }

    /// A client request with identity frames, as a ROUTER socket delivers it.
    func request(_ type: String, _ content: JSONValue) -> KernelMessage {
        KernelMessage(identities: [Data("client-1".utf8)], header: client.header(type), content: content)
    }

    /// Sends a request and returns the outcome; replies and IOPub messages accumulate.
    @discardableResult
    func send(_ type: String, _ content: JSONValue, on channel: RequestDispatcher.Channel = .shell, aborting: Bool = false) -> (request: KernelMessage, outcome: HandlerOutcome) {
        let message = request(type, content)
        let outcome = dispatcher.handle(message, on: channel, aborting: aborting, send: { self.replies.append($0) }, publish: { self.published.append($0) })
        return (message, outcome)
    }

    /// IOPub message types, in order, e.g. `["status", "execute_input", …]`.
    var publishedTypes: [String] { published.map(\.msgType) }

    /// The IOPub messages of `type`.
    func published(_ type: String) -> [KernelMessage] { published.filter { $0.msgType == type } }

    func reset() {
        replies.removeAll()
        published.removeAll()
    }
}

final class LogCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [String] = []
    func add(_ line: String) { lock.withLock { stored.append(line) } }
    var lines: [String] { lock.withLock { stored } }
}
