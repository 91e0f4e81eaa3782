import Formats
import Foundation
import Kernel
import XCTest

@testable import JupyterKernel

/// `history_request`: tail, range and search (glob, unique, n), with or without outputs.
final class HistoryHandlerTests: XCTestCase {
    func harness() -> DispatcherHarness {
        let h = DispatcherHarness()
        h.session.entries = [
            HistoryEntry(session: 1, line: 1, input: "old = 1"),
            HistoryEntry(session: 2, line: 1, input: "x = 1"),
            HistoryEntry(session: 2, line: 2, input: "x + 1"),
            HistoryEntry(session: 2, line: 3, input: "print(x)"),
            HistoryEntry(session: 2, line: 4, input: "x + 1"),
            HistoryEntry(session: 2, line: 5, input: "x + 10"),
        ]
        h.session.historySession = 2
        return h
    }

    func history(_ h: DispatcherHarness, _ content: JSONValue) -> JSONValue? {
        h.reset()
        h.send("history_request", content)
        XCTAssertEqual(h.replies.first?.content["status"], "ok")
        return h.replies.first?.content["history"]
    }

    func testTailReturnsTheLastN() {
        let h = harness()
        XCTAssertEqual(history(h, ["hist_access_type": "tail", "n": 2, "output": false, "raw": true]), [[2, 4, "x + 1"], [2, 5, "x + 10"]])
        XCTAssertEqual(history(h, ["hist_access_type": "tail", "n": 0])?.arrayValue?.count, 0)
        XCTAssertEqual(history(h, ["hist_access_type": "tail", "n": 100])?.arrayValue?.count, 6)
    }

    func testRangeSelectsLinesOfOneSession() {
        let h = harness()
        XCTAssertEqual(history(h, ["hist_access_type": "range", "session": 2, "start": 2, "stop": 4]), [[2, 2, "x + 1"], [2, 3, "print(x)"]])
        XCTAssertEqual(history(h, ["hist_access_type": "range", "session": 0, "start": 5]), [[2, 5, "x + 10"]], "0 = this kernel's session; no stop = to the end")
        XCTAssertEqual(history(h, ["hist_access_type": "range", "session": -1, "start": 1, "stop": 2]), [[1, 1, "old = 1"]], "-1 = the session before")
        XCTAssertEqual(history(h, ["hist_access_type": "range", "session": -5]), [])
    }

    func testANewKernelReachesTheSessionsBeforeIt() {
        let h = harness()
        h.session.historySession = 3
        h.session.entries[4].output = "2."
        XCTAssertEqual(history(h, ["hist_access_type": "range", "session": 0, "start": 1]), [], "this kernel has run nothing yet")
        XCTAssertEqual(history(h, ["hist_access_type": "range", "session": -1, "start": 4, "stop": 5, "output": true]), [[2, 4, ["x + 1", "2."]]])
        XCTAssertEqual(history(h, ["hist_access_type": "range", "session": -2, "start": 1])?.arrayValue?.count, 1)
        XCTAssertEqual(history(h, ["hist_access_type": "tail", "n": 1]), [[2, 5, "x + 10"]], "tail reaches across sessions")
    }

    func testSearchMatchesWholeInputsAgainstAGlob() {
        let h = harness()
        XCTAssertEqual(history(h, ["hist_access_type": "search", "pattern": "x + 1"]), [[2, 2, "x + 1"], [2, 4, "x + 1"]])
        XCTAssertEqual(history(h, ["hist_access_type": "search", "pattern": "x + 1*"])?.arrayValue?.count, 3)
        XCTAssertEqual(history(h, ["hist_access_type": "search", "pattern": "x + 1*", "n": 2]), [[2, 4, "x + 1"], [2, 5, "x + 10"]])
        XCTAssertEqual(history(h, ["hist_access_type": "search", "pattern": "x + 1*", "unique": true]), [[2, 4, "x + 1"], [2, 5, "x + 10"]], "the latest of each input")
        XCTAssertEqual(history(h, ["hist_access_type": "search", "pattern": "print(?)"]), [[2, 3, "print(x)"]])
        XCTAssertEqual(history(h, ["hist_access_type": "search", "pattern": "[ox]*= 1"]), [[1, 1, "old = 1"], [2, 1, "x = 1"]])
        XCTAssertEqual(history(h, ["hist_access_type": "search", "pattern": "X*"]), [], "case-sensitive")
    }

    func testOutputPairsInputsWithTheirResultsFromThisProcess() {
        let h = DispatcherHarness()
        h.session.script["6 * 7"] = .init(outputs: [.result(MimeBundle(plain: "42."))])
        h.send("execute_request", ["code": "6 * 7"])
        h.send("execute_request", ["code": "print(1)"])
        XCTAssertEqual(history(h, ["hist_access_type": "tail", "n": 2, "output": true]), [[1, 1, ["6 * 7", "42."]], [1, 2, ["print(1)", nil]]])
    }

    func testAnUnknownAccessTypeIsAnErrorReply() {
        let h = harness()
        h.send("history_request", ["hist_access_type": "everything"])
        XCTAssertEqual(h.replies.first?.content["status"], "error")
    }
}
