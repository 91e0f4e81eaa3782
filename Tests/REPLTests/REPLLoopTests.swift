import XCTest
import Kernel
@testable import REPL

/// The loop as a person at a prompt uses it, with IPython's habits: `tanh?` and
/// `?tanh` show help, `exit` and `quit` end the session.
final class REPLLoopTests: XCTestCase {
    private func run(_ lines: [String], interactive: Bool = true) -> (status: Int32, text: String, reader: ScriptedLineReader) {
        let reader = ScriptedLineReader(lines.map { .line($0) })
        var text = ""
        let loop = REPLLoop(session: Session.standard(), reader: reader, style: TerminalStyle(colour: false, interactive: interactive)) { text += $0 }
        let status = loop.run(greeting: nil)
        return (status, text, reader)
    }

    func testExitAndQuitEndTheSession() {
        for word in ["exit", "quit", "exit()", "  quit()  "] {
            let (status, text, reader) = run(["x = 1", word, "print(\"never\")"])
            XCTAssertEqual(status, 0, word)
            XCTAssertFalse(text.contains("never"), word)
            XCTAssertEqual(reader.prompts.count, 2, "\(word): no prompt after it")
        }
    }

    func testAVariableNamedExitIsJustAVariable() {
        let (_, text, _) = run(["exit = 5", "exit + 1", "quit"])
        XCTAssertTrue(text.contains("Out[2]: 6"), text)
    }

    func testQuestionMarksShowHelpAsHelpDoes() {
        let (_, text, _) = run(["tanh?", "?softmax", "W = [[1, 2]]", "W?", "nosuchname?"])
        XCTAssertTrue(text.contains("tanh(x)"), text)
        XCTAssertTrue(text.contains("softmax("), text)
        XCTAssertTrue(text.contains("W: tensor (1, 2)"), text)
        XCTAssertTrue(text.contains("no builtin, command or variable named 'nosuchname'"), text)
    }

    func testContinuationLinesFollowTheNestingDepth() {
        let session = Session.standard()
        XCTAssertEqual(session.isComplete("for i in 0..3 {"), .incomplete(indent: "  "))
        XCTAssertEqual(session.isComplete("for i in 0..3 {\n  if i > 1 {"), .incomplete(indent: "    "))
        XCTAssertEqual(session.isComplete("f(\"{\", [1,"), .incomplete(indent: "    "), "brackets inside strings do not count")
    }
}
