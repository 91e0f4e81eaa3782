import Formats
import Kernel

/// `execute_request` → runs the cell.
///
/// IOPub order: `execute_input`, then each output as it happens (`stream`,
/// `display_data`, `execute_result`), then `error` if the cell failed. The
/// reply is `ok` with the execution count, or `error` with the same
/// `ename`/`evalue`/`traceback` as the IOPub error. `silent` publishes nothing
/// and stores no history; `store_history: false` runs without a new count.
/// Help asked for with `name?` goes to the pager (a `page` payload); after a
/// cell that ran, each of `user_expressions` is evaluated without side effects
/// and returned as `{status, data, metadata}` or as an error.
enum ExecuteHandler: RequestHandler {
    static let requestType = "execute_request"

    static func handle(_ content: JSONValue, kernel: KernelState, publish: @escaping Publish) throws -> (reply: JSONValue?, outcome: HandlerOutcome) {
        let fields = try RequestContent(content)
        let code = try fields.string("code")
        let silent = try fields.bool("silent", default: false)
        let storeHistory = silent ? false : try fields.bool("store_history", default: true)
        let stopOnError = try fields.bool("stop_on_error", default: true)
        let expressions = try userExpressions(content["user_expressions"])

        let count = kernel.session.executionCount
        if !silent {
            publish("execute_input", ["code": .string(code), "execution_count": .int(count)])
        }
        var payload: [JSONValue] = []
        let result = kernel.session.execute(code, storeHistory: storeHistory) { output in
            if case .page(let bundle) = output {
                payload.append(["source": "page", "data": JSONValue(bundle.data), "start": 0])
                return
            }
            guard !silent else { return }
            let (type, message) = iopubMessage(for: output, executionCount: count)
            publish(type, message)
        }
        if result.quitRequested { payload.append(["source": "ask_exit", "keepkernel": false]) }

        guard let error = result.error else {
            let reply: JSONValue = [
                "status": "ok", "execution_count": .int(result.executionCount),
                "payload": .array(payload), "user_expressions": evaluate(expressions, in: kernel.session),
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

    /// `user_expressions`: an object of names and expression strings (missing or null: none).
    static func userExpressions(_ value: JSONValue?) throws -> [String: String] {
        guard let value, value != .null else { return [:] }
        guard let members = value.objectValue else { throw BadRequest("'user_expressions' should be an object of names and expressions") }
        return try members.mapValues { expression in
            guard let text = expression.stringValue else { throw BadRequest("each user expression should be a string") }
            return text
        }
    }

    /// Each expression's value as a mime bundle, or its error, keyed by its name.
    static func evaluate(_ expressions: [String: String], in session: KernelSession) -> JSONValue {
        .object(expressions.mapValues { expression in
            switch session.evaluate(expression) {
            case .success(let bundle):
                return ["status": "ok", "data": JSONValue(bundle.data), "metadata": .emptyObject]
            case .failure(let error):
                return ["status": "error", "ename": .string(error.name), "evalue": .string(error.value),
                        "traceback": .array(error.traceback.map { .string($0) })]
            }
        })
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
        case .page(let bundle):
            // Not reached from `handle`, which sends help as a `page` payload.
            return ("display_data", ["data": JSONValue(bundle.data), "metadata": .emptyObject, "transient": .emptyObject])
        }
    }

    /// The reply to an execution skipped because an earlier one failed with `stop_on_error`:
    /// the protocol's `status: "aborted"` with no other field, as ipykernel sends it.
    /// Front-ends show such a cell as not run (JupyterLab clears its prompt; nbclient
    /// does not report a second error).
    static let abortedReply: JSONValue = ["status": "aborted"]
}
