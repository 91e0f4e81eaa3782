import XCTest
import Foundation
@testable import Kernel

final class SessionTests: XCTestCase {
    private func run(_ session: Session, _ code: String) -> ExecutionResult {
        session.execute(code, storeHistory: true) { _ in }
    }

    func testExecutionCountsAndTheLastValueIsTheResult() {
        let session = Session()
        session.showsShapeFooter = false
        XCTAssertEqual(session.executionCount, 1)
        let first = run(session, "x = [1, 2]\nx * 2\nprint(\"done\")\nx + 1")
        XCTAssertEqual(first.executionCount, 1)
        XCTAssertEqual(first.outputs, [
            .display(MimeBundle(plain: "[2. 4.]", html: first.outputs.first.flatMap(html))),
            .stream(name: "stdout", text: "done\n"),
            .result(MimeBundle(plain: "[2. 3.]", html: first.outputs.last.flatMap(html))),
        ])
        XCTAssertEqual(run(session, "x").executionCount, 2)
        XCTAssertEqual(session.executionCount, 3)
        XCTAssertEqual(session.history().map(\.input), ["x = [1, 2]\nx * 2\nprint(\"done\")\nx + 1", "x"])
    }

    private func html(_ output: SessionOutput) -> String? {
        switch output {
        case .display(let b), .result(let b): return b.data["text/html"]
        default: return nil
        }
    }

    func testUnderscoreNamesReferToEarlierOutputs() {
        let session = Session()
        _ = run(session, "3")
        _ = run(session, "4")
        let result = run(session, "_ * 10 + __ + _1")
        XCTAssertEqual(result.outputs.last, .result(MimeBundle(plain: "46")))
    }

    func testTensorResultsCarryAShapeFooterAndAnHTMLTable() {
        let session = Session()
        let result = run(session, "[[1, 2], [3, 4]]")
        guard case .result(let bundle)? = result.outputs.last else { return XCTFail("no result") }
        XCTAssertEqual(bundle.plain, "[[1. 2.]\n [3. 4.]]\nshape (2, 2)")
        XCTAssertEqual(bundle.data["text/html"]?.components(separatedBy: "<tr>").count, 3)
    }

    func testErrorsCarryKindPositionAndTheRenderedSpan() {
        let session = Session()
        _ = run(session, "W = [[1, 2], [3, 4]]")
        let result = run(session, "x = [1, 2, 3]\ny = W @ x")
        let error = try? XCTUnwrap(result.error)
        XCTAssertEqual(error?.name, "shape")
        XCTAssertEqual(error?.line, 2)
        XCTAssertEqual(error?.column, 5)
        XCTAssertTrue(error?.traceback.contains { $0.contains("^^^^^") } ?? false, "\(error?.traceback ?? [])")
        XCTAssertNotNil(session.interpreter.value(of: "x"), "work before the error is kept")
    }

    func testCompletionOfBuiltinsVariablesFieldsAndCommands() {
        let session = Session()
        _ = run(session, "tangent = 1\nr = svd([[2, 0], [0, 1]])")
        XCTAssertEqual(session.complete("y = tan", cursor: 7),
                       CompletionResult(matches: ["tangent", "tanh"], cursorStart: 4, cursorEnd: 7, kinds: ["tangent": "scalar", "tanh": "function"]))
        XCTAssertEqual(session.complete(":he", cursor: 3), CompletionResult(matches: [":help"], cursorStart: 0, cursorEnd: 3, kinds: [":help": "command"]))
        XCTAssertEqual(session.complete("tangent.", cursor: 8).matches, ["T", "shape"])
        XCTAssertEqual(session.complete("for", cursor: 3).kinds, ["for": "keyword"])
        XCTAssertEqual(session.complete("3.", cursor: 2).matches, [])
        XCTAssertEqual(session.complete("", cursor: 0).matches, [])
    }

    func testCompletionOfRecordFields() {
        let session = Session()
        _ = run(session, "U, S, V = svd([[2, 0], [0, 1]])")
        // A tuple has no fields; a record's are offered after the dot.
        XCTAssertEqual(session.complete("U.", cursor: 2).matches, ["T", "shape"])
        _ = run(session, "v = char_vocab(\"hello\")")
        XCTAssertEqual(session.complete("v.", cursor: 2), CompletionResult(matches: ["chars", "size"], cursorStart: 2, cursorEnd: 2,
                                                                           kinds: ["chars": "string", "size": "scalar"]))
        XCTAssertEqual(session.complete("v.chars.", cursor: 8).matches, [], "a string has no fields")
        XCTAssertEqual(session.complete("U.T.sh", cursor: 6).matches, ["shape"], "a chain of fields")
        XCTAssertEqual(session.complete("U.shape.", cursor: 8).matches, [])
        XCTAssertEqual(session.complete("nope.", cursor: 5).matches, [])
    }

    func testNoCompletionInsideStringsOrComments() {
        let session = Session()
        _ = run(session, "W = [[1, 2]]")
        for code in ["print(\"W.", "print('ta", "x = 1 # ta", "# W.", "s = \"a\\\"W."] {
            XCTAssertEqual(session.complete(code, cursor: code.count).matches, [], code)
        }
        XCTAssertEqual(session.complete("print(\"#\") + W.s", cursor: 18).matches, ["shape"], "after a closed string holding #")
        XCTAssertEqual(session.complete("x = 1 # note\nW.s", cursor: 16).matches, ["shape"], "on the line after a comment")
    }

    func testUserExpressionsLeaveNoTrace() throws {
        let session = Session()
        _ = run(session, "x = 21")
        let count = session.executionCount
        XCTAssertEqual(try session.evaluate("x * 2").get().plain, "42")
        XCTAssertEqual(session.executionCount, count)
        XCTAssertNil(session.interpreter.value(of: "_"), "no Out value")
        XCTAssertEqual(session.history().count, 1)
        XCTAssertThrowsError(try session.evaluate("y = 3").get(), "an assignment is not an expression")
        XCTAssertNil(session.interpreter.value(of: "y"))
        XCTAssertEqual((try? session.evaluate("nope + 1").get()), nil)
        if case .failure(let error) = session.evaluate("nope + 1") { XCTAssertEqual(error.name, "name") }
        if case .failure(let error) = session.evaluate("(1 +") { XCTAssertEqual(error.name, "syntax") }
    }

    func testNotesGoToTheErrorStream() {
        let session = Session.standard()
        let result = run(session, "x = [1, 2]\ngrad(sum([3, 4]), x)")
        XCTAssertTrue(result.outputs.contains { if case .stream("stderr", let text) = $0 { return text.hasPrefix("note: ") }; return false },
                      "\(result.outputs)")
        XCTAssertFalse(result.outputs.contains { if case .stream("stdout", _) = $0 { return true }; return false })
    }

    func testHistoryIsKeptInTheStoreWithResults() {
        let store = MemoryHistory()
        let session = Session(history: store)
        _ = run(session, "x = 1")
        _ = run(session, "x + 1")
        XCTAssertEqual(store.recent(limit: 10), [HistoryEntry(session: 1, line: 1, input: "x = 1"),
                                                 HistoryEntry(session: 1, line: 2, input: "x + 1", output: "2")])
        XCTAssertEqual(session.history(), store.recent(limit: 10))
    }

    func testInspectionOfBuiltinsAndVariables() {
        let session = Session()
        _ = run(session, "W = [[1, 2], [3, 4]]")
        XCTAssertEqual(session.inspect("W", cursor: 1, detailLevel: 0)?.plain, "W: tensor (2, 2)\n[[1. 2.] [3. 4.]]")
        let help = session.inspect("tanh(", cursor: 5, detailLevel: 0)?.plain ?? ""
        XCTAssertTrue(help.hasPrefix("tanh(x)\n"), help)
        XCTAssertTrue(help.contains("example:"))
        XCTAssertNil(session.inspect("  ", cursor: 1, detailLevel: 0))
    }

    func testIsCompleteDrivesContinuationLines() {
        let session = Session()
        XCTAssertEqual(session.isComplete("x = [1, 2"), .incomplete(indent: "  "))
        XCTAssertEqual(session.isComplete("def f(x) {"), .incomplete(indent: "  "))
        XCTAssertEqual(session.isComplete("s = \"abc"), .incomplete(indent: "  "))
        XCTAssertEqual(session.isComplete("x = [1, 2]"), .complete)
        XCTAssertEqual(session.isComplete("x = ]"), .invalid)
        XCTAssertEqual(session.isComplete(":vars"), .complete)
    }

    func testInterruptFromAnotherThreadStopsALoopAndKeepsVariables() {
        let session = Session()
        _ = run(session, "kept = 42")
        // interrupt() is the one Session method documented as safe from any thread.
        nonisolated(unsafe) let shared = session
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.2) { shared.interrupt() }
        let start = Date()
        let result = run(session, "for i in 0..100000000 { j = i }")
        XCTAssertEqual(result.error?.name, "interrupted")
        XCTAssertEqual(result.error?.value, "stopped at your request", "Jupyter shows 'interrupted: stopped at your request', not the kind twice")
        XCTAssertTrue(result.error?.traceback.contains { $0.hasSuffix("interrupted: stopped at your request") } == true, "\(result.error?.traceback ?? [])")
        XCTAssertLessThan(Date().timeIntervalSince(start), 5, "the loop stopped long before finishing")
        XCTAssertEqual(run(session, "kept").outputs.last, .result(MimeBundle(plain: "42")))
        XCTAssertNil(run(session, "1").error, "the next cell runs normally")
    }

    func testMetaCommands() {
        let session = Session()
        _ = run(session, "W = [[1, 2], [3, 4]]\nname = \"hi\"")
        guard case .display(let vars)? = run(session, ":vars").outputs.first else { return XCTFail() }
        XCTAssertEqual(vars.plain, """
            name  kind    shape    value
            ────  ──────  ───────  ───────────────
            W     tensor  (2, 2)   [[1. 2.] [3. 4.]]
            name  string  2 chars  "hi"
            """.replacingOccurrences(of: "───────────────\n", with: "─────────────────\n"))
        let unknown = run(session, ":vasr")
        XCTAssertEqual(unknown.error?.value, "unknown command ':vasr'; did you mean ':vars'? (:help lists the commands)")
        XCTAssertTrue(run(session, ":quit").quitRequested)
        _ = run(session, ":reset")
        XCTAssertNil(session.interpreter.value(of: "W"))
        XCTAssertEqual(run(session, ":save x.ur").error?.value, ":save is not available here: this session has no file access")
        XCTAssertEqual(run(session, ":graph nope").error?.value, "no variable named 'nope'")
    }

    func testTimeShowsTheValueAndTheDuration() {
        let session = Session()
        let outputs = run(session, ":time 1 + 1").outputs
        XCTAssertEqual(outputs.first, .display(MimeBundle(plain: "2")))
        guard case .display(let time)? = outputs.last else { return XCTFail() }
        XCTAssertTrue(time.plain.hasPrefix("time: "), time.plain)
    }

    func testSaveAndLoadReplayTheSession() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("unroll-session-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("work.ur").path
        let first = Session(files: .local)
        _ = run(first, "a = 2")
        _ = run(first, "b = a * 3")
        XCTAssertNil(run(first, ":save \(file)").error)
        let second = Session(files: .local)
        XCTAssertNil(run(second, ":load \(file)").error)
        XCTAssertEqual(run(second, "b").outputs.last, .result(MimeBundle(plain: "6")))
        XCTAssertEqual(run(second, ":load \(directory.path)/missing.ur").error?.value, "no file named \(directory.path)/missing.ur")
    }

    func testPlotsDisplayTextAndSVG() {
        let session = Session()
        let outputs = run(session, "plot([1, 2, 3])").outputs
        guard case .display(let bundle)? = outputs.first else { return XCTFail("\(outputs)") }
        XCTAssertTrue(bundle.plain.hasPrefix("Line chart: 1 series"), "a notebook's text form is the description: \(bundle.plain)")
        XCTAssertTrue(bundle.data["image/svg+xml"]?.hasPrefix("<svg") ?? false)
        XCTAssertEqual(outputs.count, 1, "plot returns none, which is not shown")
    }

    func testMultiLineTextSuchAsAGraphIsShownAsTextOneLineStringsQuoted() {
        let session = Session()
        let graph = run(session, "x = [1, 2]\ngraph(sum(x * x))").outputs.last
        guard case .result(let bundle)? = graph else { return XCTFail("\(String(describing: graph))") }
        XCTAssertFalse(bundle.plain.hasPrefix("\""), bundle.plain)
        XCTAssertTrue(bundle.plain.contains("\n"))
        XCTAssertTrue(bundle.data["text/html"]?.hasPrefix("<pre>") ?? false)
        XCTAssertEqual(run(session, "\"one line\"").outputs.last, .result(MimeBundle(plain: "\"one line\"")))
    }
}
