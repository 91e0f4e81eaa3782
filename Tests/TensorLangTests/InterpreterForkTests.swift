import XCTest
import TensorLang

final class InterpreterForkTests: XCTestCase {
    private func value(_ session: Interpreter, _ code: String) -> String {
        for case .value(let v) in session.execute(code) { return v.description }
        return "no value"
    }

    func testAForkBehavesLikeAFreshRunOfTheSameCode() {
        let prepared = Interpreter()
        prepared.execute("W = [[2, 0], [0, 3]]\ndef apply(v) = W @ v\nfns = [apply]\nr = randn(2, seed=none)")
        let student = prepared.fork()
        // The fork sees the prepared variables and functions…
        XCTAssertEqual(value(student, "apply([1, 1])"), "[2. 3.]")
        // …and a function defined before the fork uses the fork's own globals.
        student.execute("W = [[1, 0], [0, 1]]")
        XCTAssertEqual(value(student, "apply([1, 1])"), "[1. 1.]")
        XCTAssertEqual(value(student, "fns[0]([5, 5])"), "[5. 5.]")
        // The original is untouched.
        XCTAssertEqual(value(prepared, "apply([1, 1])"), "[2. 3.]")
    }

    func testForksContinueTheRandomStreamIdentically() {
        let prepared = Interpreter()
        prepared.execute("a = randn(3)")
        let one = prepared.fork(), two = prepared.fork()
        let first = value(one, "randn(2)")
        XCTAssertEqual(first, value(two, "randn(2)"))
        XCTAssertEqual(first, value(prepared, "randn(2)"), "a fork draws what the original would have drawn")
    }
}
