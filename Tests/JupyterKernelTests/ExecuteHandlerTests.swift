import Formats
import Foundation
import Kernel
import XCTest

@testable import JupyterKernel

/// `execute_request`: the IOPub sequence, the reply, and the flags.
final class ExecuteHandlerTests: XCTestCase {
    func execute(_ h: DispatcherHarness, _ code: String, silent: Bool = false, storeHistory: Bool = true, stopOnError: Bool = true) -> (request: KernelMessage, outcome: HandlerOutcome) {
        h.send("execute_request", ["code": .string(code), "silent": .bool(silent), "store_history": .bool(storeHistory), "user_expressions": .emptyObject, "allow_stdin": false, "stop_on_error": .bool(stopOnError)])
    }

    func testOutputsArePublishedInOrderBetweenBusyAndIdle() throws {
        let h = DispatcherHarness()
        h.session.script["cell"] = .init(outputs: [
            .stream(name: "stdout", text: "hello\n"),
            .display(MimeBundle(plain: "a plot", svg: "<svg/>")),
            .result(MimeBundle(plain: "3.")),
        ])
        let (request, outcome) = execute(h, "cell")
        XCTAssertEqual(outcome, .proceed)
        XCTAssertEqual(h.publishedTypes, ["status", "execute_input", "stream", "display_data", "execute_result", "status"])
        XCTAssertEqual(h.published.first?.content, ["execution_state": "busy"])
        XCTAssertEqual(h.published.last?.content, ["execution_state": "idle"])
        for message in h.published {
            XCTAssertEqual(message.parentHeader, request.header.json, "\(message.msgType) is a child of the request")
        }
        XCTAssertEqual(h.published("execute_input").first?.content, ["code": "cell", "execution_count": 1])
        XCTAssertEqual(h.published("stream").first?.content, ["name": "stdout", "text": "hello\n"])
        XCTAssertEqual(h.published("display_data").first?.content, ["data": ["text/plain": "a plot", "image/svg+xml": "<svg/>"], "metadata": .emptyObject, "transient": .emptyObject])
        XCTAssertEqual(h.published("execute_result").first?.content, ["execution_count": 1, "data": ["text/plain": "3."], "metadata": .emptyObject])

        let reply = try XCTUnwrap(h.replies.first)
        XCTAssertEqual(h.replies.count, 1)
        XCTAssertEqual(reply.msgType, "execute_reply")
        XCTAssertEqual(reply.identities, request.identities)
        XCTAssertEqual(reply.parentHeader, request.header.json)
        XCTAssertEqual(reply.content, ["status": "ok", "execution_count": 1, "payload": [], "user_expressions": .emptyObject])
    }

    func testExecutionCountAdvancesWithStoredCells() {
        let h = DispatcherHarness()
        _ = execute(h, "a")
        _ = execute(h, "b")
        XCTAssertEqual(h.replies.map { $0.content["execution_count"] }, [1, 2])
        XCTAssertEqual(h.published("execute_input").map { $0.content["execution_count"] }, [1, 2])
    }

    func testAnErrorIsPublishedOnceAndRepeatedInTheReply() {
        let h = DispatcherHarness()
        let error = SessionError(name: "name", value: "'x' is not defined", traceback: ["x + 1", "^", "'x' is not defined"])
        h.session.script["x + 1"] = .init(outputs: [.stream(name: "stdout", text: "before\n")], error: error)
        let (_, outcome) = execute(h, "x + 1")
        XCTAssertEqual(h.publishedTypes, ["status", "execute_input", "stream", "error", "status"])
        let expected: JSONValue = ["ename": "name", "evalue": "'x' is not defined", "traceback": ["x + 1", "^", "'x' is not defined"]]
        XCTAssertEqual(h.published("error").first?.content, expected)
        let reply = h.replies.first?.content
        XCTAssertEqual(reply?["status"], "error")
        XCTAssertEqual(reply?["execution_count"], 1)
        for key in ["ename", "evalue", "traceback"] { XCTAssertEqual(reply?[key], expected[key], key) }
        XCTAssertEqual(outcome, .abortQueuedExecutions, "stop_on_error defaults to true")
    }

    func testStopOnErrorFalseLetsQueuedCellsRun() {
        let h = DispatcherHarness()
        h.session.script["bad"] = .init(error: SessionError(name: "syntax", value: "oops", traceback: []))
        XCTAssertEqual(execute(h, "bad", stopOnError: false).outcome, .proceed)
    }

    func testQueuedExecutionsAreAnsweredWithoutRunningWhileAborting() {
        let h = DispatcherHarness()
        h.send("execute_request", ["code": "later"], aborting: true)
        XCTAssertTrue(h.session.executed.isEmpty, "an aborted cell never runs")
        XCTAssertEqual(h.publishedTypes, ["status", "status"])
        XCTAssertEqual(h.replies.first?.content, ["status": "aborted"], "the protocol's status, as ipykernel sends it")
        XCTAssertEqual(h.replies.first?.header.msgType, "execute_reply")
        // Other requests are still served while aborting.
        h.reset()
        h.send("kernel_info_request", .emptyObject, aborting: true)
        XCTAssertEqual(h.replies.first?.content["status"], "ok")
    }

    func testSilentPublishesNothingButStatusAndStoresNoHistory() {
        let h = DispatcherHarness()
        h.session.script["quiet"] = .init(outputs: [.stream(name: "stdout", text: "x"), .result(MimeBundle(plain: "1."))], error: SessionError(name: "e", value: "v", traceback: []))
        _ = execute(h, "quiet", silent: true, storeHistory: true)
        XCTAssertEqual(h.publishedTypes, ["status", "status"])
        XCTAssertEqual(h.session.executed.first?.storeHistory, false, "silent forces store_history off")
        XCTAssertEqual(h.replies.first?.content["status"], "error", "the reply still reports the error")
    }

    func testStoreHistoryFalseIsPassedToTheSession() {
        let h = DispatcherHarness()
        _ = execute(h, "peek", storeHistory: false)
        XCTAssertEqual(h.session.executed.first?.storeHistory, false)
        XCTAssertEqual(h.publishedTypes, ["status", "execute_input", "status"])
        XCTAssertEqual(h.session.executionCount, 1)
    }

    func testQuitAsksTheFrontEndToExit() {
        let h = DispatcherHarness()
        h.session.script[":quit"] = .init(quit: true)
        _ = execute(h, ":quit")
        XCTAssertEqual(h.replies.first?.content["payload"], [["source": "ask_exit", "keepkernel": false]])
    }

    func testMissingOrMistypedCodeGetsAnErrorReplyAndRunsNothing() {
        let h = DispatcherHarness()
        h.send("execute_request", ["silent": false])
        h.send("execute_request", ["code": 5])
        h.send("execute_request", "not an object")
        XCTAssertTrue(h.session.executed.isEmpty)
        XCTAssertEqual(h.replies.map { $0.content["status"] }, ["error", "error", "error"])
        XCTAssertEqual(h.replies.map { $0.content["ename"] }, ["BadRequest", "BadRequest", "BadRequest"])
        XCTAssertEqual(h.replies.first?.content["execution_count"], 1, "execute_reply always has a count")
        XCTAssertEqual(h.logLines.count, 3, "each refusal is logged")
    }

    func testUserExpressionsAreEvaluatedAfterACellThatRan() throws {
        let h = DispatcherHarness()
        h.session.evaluations["x * 2"] = .success(MimeBundle(plain: "42."))
        h.send("execute_request", ["code": "x = 21", "user_expressions": ["double": "x * 2", "missing": "nope"]])
        let expressions = try XCTUnwrap(h.replies.first?.content["user_expressions"])
        XCTAssertEqual(expressions["double"], ["status": "ok", "data": ["text/plain": "42."], "metadata": .emptyObject])
        XCTAssertEqual(expressions["missing"]?["status"], "error")
        XCTAssertEqual(expressions["missing"]?["ename"], "name")
        XCTAssertEqual(h.session.executionCount, 2, "only the cell took a count")

        h.reset()
        h.session.script["boom"] = .init(error: SessionError(name: "shape", value: "bad", traceback: []))
        h.send("execute_request", ["code": "boom", "user_expressions": ["double": "x * 2"]])
        XCTAssertEqual(h.replies.first?.content["user_expressions"], .emptyObject, "not evaluated after an error")
        h.reset()
        h.send("execute_request", ["code": "x", "user_expressions": ["bad": 3]])
        XCTAssertEqual(h.replies.first?.content["status"], "error", "a malformed request is refused")
    }

    func testHelpGoesToThePagerAsAPayload() throws {
        let h = DispatcherHarness()
        h.session.script["tanh?"] = .init(outputs: [.page(MimeBundle(plain: "tanh(x)\n  the hyperbolic tangent"))])
        execute(h, "tanh?")
        XCTAssertEqual(h.replies.first?.content["payload"], [["source": "page", "data": ["text/plain": "tanh(x)\n  the hyperbolic tangent"], "start": 0]])
        XCTAssertEqual(h.publishedTypes, ["status", "execute_input", "status"], "nothing on IOPub: the pager shows it")
    }
}
