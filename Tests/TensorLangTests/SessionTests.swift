import TensorLang
import XCTest

/// The session API the REPL and the Jupyter kernel use, and the JSON output format.
final class SessionTests: XCTestCase {
    func testVariablesSurviveAnErrorAndAreListed() {
        let session = Interpreter()
        let outputs = session.execute("a = 1\nb = [1, 2] @ [1]\nc = 3")
        XCTAssertEqual(outputs.count, 1)
        guard case .error(let d, _)? = outputs.first else { return XCTFail() }
        XCTAssertEqual(d.kind, .shape)
        XCTAssertEqual(session.variables.map(\.name), ["a"])
    }

    func testPrintGoesThroughTheSinkInOrder() {
        var seen: [String] = []
        let session = Interpreter()
        session.sink = { output in
            if case .stdout(let s) = output { seen.append(s) }
            if case .value(let v) = output { seen.append("value \(v.printed)") }
        }
        session.execute("print(1)\n2\nprint(\"three\", 3, sep=\"-\")")
        XCTAssertEqual(seen, ["1\n", "value 2", "three-3\n"])
    }

    func testJSONNumbersRoundTripExactly() throws {
        let session = Interpreter()
        guard case .value(let v)? = session.execute("[0.1 + 0.2, 1 / 3, 1e-300]").first else { return XCTFail() }
        XCTAssertEqual(v.json.encoded(.spaced), #"{"data": [0.30000000000000004, 0.3333333333333333, 1e-300], "shape": [3]}"#)
    }

    func testRecordsFromSwiftHaveFields() {
        let session = Interpreter()
        session.addLibrary("Test", [
            Builtin("fit", "", "a record like the ones library calls return", example: "fit().loss") { _ in
                .record(Record(["loss": .scalar(0.5), "steps": .scalar(3)]))
            },
        ])
        guard case .value(let v)? = session.execute("r = fit()\nr.loss * r.steps").first else { return XCTFail() }
        XCTAssertEqual(v.printed, "1.5")
        guard case .error(let d, _)? = session.execute("r.los").first else { return XCTFail() }
        XCTAssertEqual(d.notes.first, "did you mean 'loss'?")
    }

    func testSessionsDoNotShareState() {
        let a = Interpreter(), b = Interpreter()
        a.execute("x = 1")
        guard case .error(let d, _)? = b.execute("x").first else { return XCTFail() }
        XCTAssertEqual(d.kind, .name)
        // Both start from the same seed, so they draw the same numbers.
        XCTAssertEqual(a.execute("randn(2)").first.map(json), b.execute("randn(2)").first.map(json))
    }

    private func json(_ o: Output) -> String? {
        if case .value(let v) = o { return v.json.encoded() }
        return nil
    }
}
