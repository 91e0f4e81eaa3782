import Foundation
import Kernel
import XCTest

@testable import JupyterKernel

/// Every other request type, through the dispatcher with a fake session.
final class RequestHandlerTests: XCTestCase {
    func testKernelInfoDescribesProtocolImplementationAndLanguage() throws {
        let h = DispatcherHarness()
        h.send("kernel_info_request", .emptyObject)
        XCTAssertEqual(h.publishedTypes, ["status", "status"], "busy/idle make jupyter_client's readiness check pass")
        let reply = try XCTUnwrap(h.replies.first)
        XCTAssertEqual(reply.msgType, "kernel_info_reply")
        XCTAssertEqual(reply.content["protocol_version"], "5.3")
        XCTAssertEqual(reply.content["implementation"], "unroll")
        XCTAssertEqual(reply.content["implementation_version"], "9.9.9")
        XCTAssertEqual(reply.content["banner"], "hello")
        XCTAssertEqual(reply.content["help_links"], [["text": "Docs", "url": "https://example.org/docs"]])
        let language = try XCTUnwrap(reply.content["language_info"])
        XCTAssertEqual(language["name"]?.stringValue, LanguageInfo.name)
        XCTAssertEqual(language["version"]?.stringValue, LanguageInfo.version)
        XCTAssertEqual(language["mimetype"]?.stringValue, LanguageInfo.mimetype)
        XCTAssertEqual(language["file_extension"]?.stringValue, LanguageInfo.fileExtension)
        XCTAssertEqual(language["pygments_lexer"]?.stringValue, LanguageInfo.pygmentsLexer)
        XCTAssertEqual(language["codemirror_mode"]?.stringValue, LanguageInfo.codemirrorMode)
    }

    func testKernelInfoIsAlsoServedOnControl() {
        let h = DispatcherHarness()
        h.send("kernel_info_request", .emptyObject, on: .control)
        XCTAssertEqual(h.replies.first?.content["status"], "ok")
    }

    func testCompleteConvertsCodePointOffsets() throws {
        let h = DispatcherHarness()
        // "é" written as e + combining accent is one character but two code points.
        let code = "x = \u{65}\u{301}; pri"
        XCTAssertEqual(code.count, 10)
        XCTAssertEqual(code.unicodeScalars.count, 11)
        h.session.completions[code] = CompletionResult(matches: ["print", "prior"], cursorStart: 7, cursorEnd: 10,
                                                       kinds: ["print": "function", "prior": "tensor"])
        h.send("complete_request", ["code": .string(code), "cursor_pos": 11])
        XCTAssertEqual(h.session.completeCalls.first?.cursor, 10, "11 code points = 10 characters")
        let reply = try XCTUnwrap(h.replies.first)
        XCTAssertEqual(reply.content, ["status": "ok", "matches": ["print", "prior"], "cursor_start": 8, "cursor_end": 11,
                                       "metadata": ["_jupyter_types_experimental": [
                                           ["start": 8, "end": 11, "text": "print", "type": "function"],
                                           ["start": 8, "end": 11, "text": "prior", "type": "tensor"]]]])
    }

    func testCompleteWithoutCursorCompletesAtTheEnd() {
        let h = DispatcherHarness()
        h.send("complete_request", ["code": "ta"])
        XCTAssertEqual(h.session.completeCalls.first?.cursor, 2)
    }

    func testTextOffsetsClampAndRoundInsideCharacters() {
        let text = "a\u{65}\u{301}b"  // a, é (2 scalars), b
        XCTAssertEqual(TextOffsets.characterOffset(ofScalarOffset: 2, in: text), 2, "inside é rounds to its end")
        XCTAssertEqual(TextOffsets.characterOffset(ofScalarOffset: 99, in: text), 3)
        XCTAssertEqual(TextOffsets.characterOffset(ofScalarOffset: -1, in: text), 0)
        XCTAssertEqual(TextOffsets.scalarOffset(ofCharacterOffset: 2, in: text), 3)
        XCTAssertEqual(TextOffsets.scalarOffset(ofCharacterOffset: 99, in: text), 4)
    }

    func testInspectFoundAndNotFound() {
        let h = DispatcherHarness()
        h.session.documentation["tanh"] = MimeBundle(plain: "tanh(x): …", html: "<b>tanh</b>")
        h.send("inspect_request", ["code": "tanh", "cursor_pos": 2, "detail_level": 1])
        h.send("inspect_request", ["code": "nothing", "cursor_pos": 3, "detail_level": 0])
        XCTAssertEqual(h.session.inspectCalls.first?.cursor, 2)
        XCTAssertEqual(h.session.inspectCalls.first?.detailLevel, 1)
        XCTAssertEqual(h.replies[0].content, ["status": "ok", "found": true, "data": ["text/plain": "tanh(x): …", "text/html": "<b>tanh</b>"], "metadata": .emptyObject])
        XCTAssertEqual(h.replies[1].content, ["status": "ok", "found": false, "data": .emptyObject, "metadata": .emptyObject])
    }

    func testIsCompleteStatuses() {
        let h = DispatcherHarness()
        h.session.completeness = ["f(": .incomplete(indent: "    "), ")": .invalid, "1": .complete]
        for code in ["1", "f(", ")"] { h.send("is_complete_request", ["code": .string(code)]) }
        XCTAssertEqual(h.replies.map(\.content), [["status": "complete"], ["status": "incomplete", "indent": "    "], ["status": "invalid"]])
    }

    func testCommInfoIsEmptyAndUnknownCommsAreClosed() {
        let h = DispatcherHarness()
        h.send("comm_info_request", .emptyObject)
        XCTAssertEqual(h.replies.first?.content, ["status": "ok", "comms": .emptyObject])
        h.reset()
        h.send("comm_open", ["comm_id": "c1", "target_name": "jupyter.widget", "data": .emptyObject])
        XCTAssertTrue(h.replies.isEmpty, "comm_open has no reply")
        XCTAssertEqual(h.publishedTypes, ["status", "comm_close", "status"])
        XCTAssertEqual(h.published("comm_close").first?.content, ["comm_id": "c1", "data": .emptyObject])
        h.reset()
        h.send("comm_msg", ["comm_id": "c1", "data": .emptyObject])
        XCTAssertTrue(h.replies.isEmpty)
        XCTAssertTrue(h.logLines.isEmpty)
    }

    func testShutdownEchoesRestartAndStopsTheKernel() {
        let h = DispatcherHarness()
        XCTAssertEqual(h.send("shutdown_request", ["restart": true], on: .control).outcome, .shutdown(restart: true))
        XCTAssertEqual(h.send("shutdown_request", ["restart": false], on: .control).outcome, .shutdown(restart: false))
        XCTAssertEqual(h.replies.map(\.content), [["status": "ok", "restart": true], ["status": "ok", "restart": false]])
        XCTAssertEqual(h.replies.first?.msgType, "shutdown_reply")
    }

    func testInterruptAsksTheSessionToStop() {
        let h = DispatcherHarness()
        h.send("interrupt_request", .emptyObject, on: .control)
        XCTAssertEqual(h.session.interruptCount, 1)
        XCTAssertEqual(h.replies.first?.msgType, "interrupt_reply")
        XCTAssertEqual(h.replies.first?.content, ["status": "ok"])
        XCTAssertEqual(h.publishedTypes, ["status", "status"])
    }

    func testControlDoesNotRunCode() {
        let h = DispatcherHarness()
        h.send("execute_request", ["code": "1"], on: .control)
        XCTAssertTrue(h.session.executed.isEmpty)
        XCTAssertEqual(h.replies.first?.msgType, "execute_reply")
        XCTAssertEqual(h.replies.first?.content["status"], "error")
    }

    func testUnknownRequestsGetAnErrorReplyAndOtherUnknownMessagesAreLogged() {
        let h = DispatcherHarness()
        h.send("frobnicate_request", .emptyObject)
        XCTAssertEqual(h.replies.first?.msgType, "frobnicate_reply")
        XCTAssertEqual(h.replies.first?.content["status"], "error")
        XCTAssertEqual(h.replies.first?.content["ename"], "UnsupportedRequest")
        h.reset()
        h.send("mystery", .emptyObject)
        XCTAssertTrue(h.replies.isEmpty)
        XCTAssertEqual(h.logLines.count, 2)
        XCTAssertEqual(h.publishedTypes, ["status", "status"], "every request is bracketed by busy/idle")
    }

    func testReplyTypeNames() {
        XCTAssertEqual(RequestDispatcher.replyType(for: "execute_request"), "execute_reply")
        XCTAssertEqual(RequestDispatcher.replyType(for: "odd"), "odd_reply")
    }
}
