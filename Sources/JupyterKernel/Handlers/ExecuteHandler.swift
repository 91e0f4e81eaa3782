import Formats
import Kernel

/// `execute_request` → runs the cell.
///
/// IOPub order: `execute_input`, then each output as it happens (`stream`,
/// `display_data`, `execute_result`), then `error` if the cell failed. The
/// reply is `ok` with the execution count, or `error` with the same
/// `ename`/`evalue`/`traceback` as the IOPub error. `silent` publishes nothing
/// and stores no history; `store_history: false` runs without a new count.
enum ExecuteHandler: RequestHandler {
    static let requestType = "execute_request"

    static func handle(_ content: JSONValue, kernel: KernelState, publish: @escaping Publish) throws -> (reply: JSONValue?, outcome: HandlerOutcome) {
        let fields = try RequestContent(content)
        let code = try fields.string("code")
        let silent = try fields.bool("silent", default: false)
        let storeHistory = silent ? false : try fields.bool("store_history", default: true)
        let stopOnError = try fields.bool("stop_on_error", default: true)

        let count = kernel.session.executionCount
        if !silent {
            publish("execute_input", ["code": .string(code), "execution_count": .int(count)])
        }
        var resultText: String?
        let result = kernel.session.execute(code, storeHistory: storeHistory) { output in
            if case .result(let bundle) = output { resultText = bundle.plain }
            guard !silent else { return }
            let (type, message) = iopubMessage(for: output, executionCount: count)
            publish(type, message)
        }
        if storeHistory, let resultText { kernel.resultsByLine[result.executionCount] = resultText }

        var payload: [JSONValue] = []
        if result.quitRequested { payload.append(["source": "ask_exit", "keepkernel": false]) }

        guard let error = result.error else {
            let reply: JSONValue = [
                "status": "ok", "execution_count": .int(result.executionCount),
                "payload": .array(payload), "user_expressions": .emptyObject,
            ]
            return (reply, .proceed)
        }
        let traceback = JSONValue.array(error.traceback.map { .string($0) })
        if !silent {
            publish("error", ["ename": .string(error.name), "evalue": .string(error.value), "traceback": traceback])
        }
        let reply: JSONValue = [
            "status": "error", "execution_count": .int(result.executionCount),
            "ename": .string(error.name), "evalue": .string(error.value), "traceback": traceback,
            "payload": .array(payload), "user_expressions": .emptyObject,
        ]
        return (reply, stopOnError ? .abortQueuedExecutions : .proceed)
    }

    /// The IOPub message type and content for one session output.
    static func iopubMessage(for output: SessionOutput, executionCount: Int) -> (String, JSONValue) {
        switch output {
        case .stream(let name, let text):
            return ("stream", ["name": .string(name), "text": .string(text)])
        case .display(let bundle):
            return ("display_data", ["data": JSONValue(bundle.data), "metadata": .emptyObject, "transient": .emptyObject])
        case .result(let bundle):
            return ("execute_result", ["execution_count": .int(executionCount), "data": JSONValue(bundle.data), "metadata": .emptyObject])
        }
    }

    /// The reply to an execution skipped because an earlier one failed with `stop_on_error`:
    /// the protocol's `status: "aborted"` with no other field, as ipykernel sends it.
    /// Front-ends show such a cell as not run (JupyterLab clears its prompt; nbclient
    /// does not report a second error).
    static let abortedReply: JSONValue = ["status": "aborted"]
}
