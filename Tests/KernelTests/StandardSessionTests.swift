import XCTest
import Foundation
@testable import Kernel
import Formats
import TensorCore
import TensorLang

/// `Session.standard` and its presets, and scripts run through a session.
final class StandardSessionTests: XCTestCase {
    private func script(_ source: String, json: Bool = false) -> (outputs: [SessionOutput], error: SessionError?) {
        let session = Session.standard(.script(environment: ["UNROLL_LESSONS": "/nonexistent"], json: json))
        var outputs: [SessionOutput] = []
        let error = session.runScript(source) { outputs.append($0) }
        return (outputs, error)
    }

    func testAScriptMayUseMetaCommandsBetweenItsCode() {
        let (outputs, error) = script("W = [[1, 2], [3, 4]]\n:vars\nW @ [1, 1]\n")
        XCTAssertNil(error)
        guard outputs.count == 2, case .display(let vars) = outputs[0], case .result(let value) = outputs[1] else {
            return XCTFail("\(outputs)")
        }
        XCTAssertTrue(vars.plain.hasPrefix("name  kind    shape   value"), vars.plain)
        XCTAssertTrue(vars.plain.contains("W     tensor  (2, 2)"), vars.plain)
        XCTAssertEqual(value.plain, "[3. 7.]", "a script shows no shape footer")
    }

    func testScriptErrorsCountLinesFromTheFirstLineOfTheScript() {
        let (_, error) = script("x = 1\n:vars\n\ny = [1, 2] @ [1, 2, 3]\n")
        XCTAssertEqual(error?.name, "shape")
        XCTAssertEqual(error?.line, 4)
        XCTAssertEqual(error?.column, 5)
        XCTAssertTrue(error?.traceback.contains { $0.hasPrefix("4 | y = [1, 2] @ [1, 2, 3]") } ?? false, "\(error?.traceback ?? [])")
        let (_, meta) = script("x = 1\n\n:frobnicate\n")
        XCTAssertEqual(meta?.name, "usage")
        XCTAssertEqual(meta?.line, 3)
    }

    func testAScriptStopsAtItsFirstError() {
        let (outputs, error) = script("print(1)\n:nope\nprint(2)\n")
        XCTAssertEqual(outputs, [.stream(name: "stdout", text: "1\n")])
        XCTAssertEqual(error?.value, "unknown command ':nope' (:help lists the commands)")
    }

    func testAScriptSkipsStepByStepCommandsWithANoteAndShowsHelp() {
        let (outputs, error) = script("x = 2\n:next\n:hint\ntanh?\nprint(x)\n")
        XCTAssertNil(error)
        guard outputs.count == 4, case .stream("stderr", let next) = outputs[0], case .stream("stderr", let hint) = outputs[1],
              case .page(let help) = outputs[2], outputs[3] == .stream(name: "stdout", text: "2\n") else {
            return XCTFail("\(outputs)")
        }
        XCTAssertTrue(next.hasPrefix("note: line 2: ':next' skipped"), next)
        XCTAssertTrue(hint.hasPrefix("note: line 3: ':hint' skipped"), hint)
        XCTAssertTrue(help.plain.hasPrefix("tanh(x)"), help.plain)
        XCTAssertEqual(Session.scriptCells("tanh?\n?softmax\nx = 1").map(\.code), ["tanh?", "?softmax", "x = 1"], "help lines are cells of their own")
    }

    func testAColonInsideOpenCodeIsNotAMetaCommand() {
        XCTAssertEqual(Session.scriptCells("x = [1,\n:vars]\n:vars\ny = 2").map(\.line), [1, 3, 4])
        XCTAssertEqual(Session.scriptCells("s = \"a\n:vars\"\n").map(\.code), ["s = \"a\n:vars\"\n"])
        XCTAssertEqual(Session.scriptCells("\n\n:vars\n\n").map(\.line), [3], "blank lines make no cells")
    }

    func testJSONLinesFollowTheFormat() {
        let (outputs, error) = script("""
            [[1, 2.5], [0.1, -3]]
            print("hi")
            (true, "s", none, [1])
            1 / 0
            log(0) * -1
            0 / 0
            x = [1, 2] @ [3]
            """, json: true)
        func line(_ output: SessionOutput) -> String {
            // Flushed in pieces of 7 bytes: the line is the same however the writer cuts it.
            var pieces = ""
            var writer = JSONWriter(style: .spaced, flushAt: 7) { pieces += $0 }
            output.writeJSON(to: &writer)
            writer.flush()
            return pieces
        }
        XCTAssertEqual(outputs.map(line) + [error?.json.encoded(.spaced)], [
            #"{"value": {"data": [1.0, 2.5, 0.1, -3.0], "shape": [2, 2]}}"#,
            #"{"stdout": "hi\n"}"#,
            #"{"value": [true, "s", null, {"data": [1.0], "shape": [1]}]}"#,
            #"{"value": {"data": ["Infinity"], "shape": []}}"#,
            #"{"value": {"data": ["Infinity"], "shape": []}}"#,
            #"{"value": {"data": ["NaN"], "shape": []}}"#,
            #"{"error": {"column": 5, "kind": "shape", "line": 7, "message": "shapes (2,) and (1,) cannot be multiplied: inner sizes 2 and 1 differ", "notes": []}}"#,
        ])
    }

    func testJSONScriptsCarryValuesAsJSONAndPicturesAsSVG() {
        let (outputs, _) = script("[1.5, 2]\nplot([1, 2])", json: true)
        guard case .display(let value)? = outputs.first, case .display(let picture)? = outputs.last else { return XCTFail("\(outputs)") }
        XCTAssertEqual(value.json?.tree, ["shape": [2], "data": [1.5, 2.0]])
        XCTAssertTrue(picture.data["image/svg+xml"]?.hasPrefix("<svg") ?? false)
        XCTAssertNil(picture.json)
    }

    func testTheREPLDrawsTextPicturesAndTheNotebookSVG() {
        let environment = ["UNROLL_LESSONS": "/nonexistent", "XDG_DATA_HOME": "/nonexistent-data"]
        for (options, svg) in [(SessionOptions.interactive(environment: environment, terminal: true), false),
                               (SessionOptions.notebook(environment: environment), true)] {
            let session = Session.standard(options)
            let outputs = session.execute("bar([1, 2])", storeHistory: true) { _ in }.outputs
            guard case .display(let bundle)? = outputs.first else { return XCTFail("\(outputs)") }
            // The notebook's text form is the picture's description (what a screen reader reads).
            XCTAssertTrue(svg ? bundle.plain.hasPrefix("Bar chart with 2 bars") : bundle.plain.contains("█"), bundle.plain)
            XCTAssertEqual(bundle.data["image/svg+xml"] != nil, svg)
        }
    }

    func testTheShapeFooterIsForAPersonAtATerminal() {
        let environment = ["UNROLL_LESSONS": "/nonexistent", "XDG_DATA_HOME": "/nonexistent-data"]
        let terminal = Session.standard(.interactive(environment: environment, terminal: true))
        let notebook = Session.standard(.notebook(environment: environment))
        XCTAssertEqual(terminal.execute("[1, 2]", storeHistory: true) { _ in }.outputs.last, .result(MimeBundle(plain: "[1. 2.]\nshape (2,)", html: ValueRenderer().html(for: Tensor([1, 2])))))
        XCTAssertEqual(notebook.execute("[1, 2]", storeHistory: true) { _ in }.outputs.last, .result(MimeBundle(plain: "[1. 2.]", html: ValueRenderer().html(for: Tensor([1, 2])))))
    }

    func testGradingSessionsHaveNoFilesAndNoLessons() {
        let session = Session.standard(.grading)
        XCTAssertEqual(session.execute(":save x.ur", storeHistory: true) { _ in }.error?.value,
                       ":save is not available here: this session has no file access")
        XCTAssertEqual(session.execute(":lesson", storeHistory: true) { _ in }.error?.value, "unknown command ':lesson' (:help lists the commands)")
        XCTAssertNotNil(Session.makeGradingInterpreter().registry["plot"], "the grader's interpreter has the whole language")
    }

    func testAScriptCanOpenALessonWithoutTouchingSavedProgress() {
        let (outputs, error) = script(":lesson 1\n:where")
        XCTAssertNil(error)
        guard case .display(let place)? = outputs.last else { return XCTFail("\(outputs)") }
        XCTAssertTrue(place.plain.hasPrefix("lesson 1 ("), place.plain)
        XCTAssertNil(SessionOptions.script(environment: [:], json: false).lessons?.progress, "progress stays in memory")
    }

    func testADamagedProgressFileIsAStartupWarning() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("unroll-standard-\(UUID())")
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("unroll"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data("{ not json".utf8).write(to: directory.appendingPathComponent("unroll/progress.json"))
        let session = Session.standard(.interactive(environment: ["XDG_DATA_HOME": directory.path, "UNROLL_LESSONS": "/nonexistent"], terminal: false))
        XCTAssertEqual(session.startupWarnings.count, 1)
        XCTAssertTrue(session.startupWarnings.first?.contains("progress file") ?? false, "\(session.startupWarnings)")
    }
}
