import Foundation
import TensorCore
import TensorLang
import XCTest

/// A builtin parameter read only as a whole number (`cross_entropy`'s target): an index
/// expression written there is worked out on plain numbers, as an index in brackets is,
/// and the call means exactly what it meant before.
final class WholeNumberArgumentTests: XCTestCase {
    private func number(_ session: Interpreter, _ name: String, file: StaticString = #filePath, line: UInt = #line) -> Double? {
        guard case .tensor(let v)? = session.value(of: name), v.value.count == 1 else {
            XCTFail("\(name) is not a number", file: file, line: line)
            return nil
        }
        return v.value.scalars[0]
    }

    private func session() -> Interpreter {
        let session = Interpreter()
        XCTAssertTrue(succeeded(session.execute("data = [0, 2, 1, 2]\nt = 1\nw = [0.5, -1, 2] * 1")))
        return session
    }

    /// −log softmax(w)[1] and softmax(w) − onehot(1) for w = (0.5, −1, 2), by hand.
    private let loss = -(-1 - log(exp(0.5) + exp(-1) + exp(2)))
    private var gradient: [Double] {
        let total = exp(0.5) + exp(-1) + exp(2)
        return [exp(0.5) / total, exp(-1) / total - 1, exp(2) / total]
    }

    func testAnIndexExpressionAsTheTargetGivesTheLossAndGradient() throws {
        let session = self.session()
        XCTAssertTrue(succeeded(session.execute("a = cross_entropy(w, data[t + 1])\ng = grad(a, w)")))
        XCTAssertEqual(try XCTUnwrap(number(session, "a")), loss, accuracy: 1e-12)
        guard case .tensor(let g)? = session.value(of: "g") else { return XCTFail("no gradient") }
        XCTAssertEqual(g.value.count, 3)
        for (got, want) in zip(g.value.scalars, gradient) { XCTAssertEqual(got, want, accuracy: 1e-12) }
    }

    /// Every way of writing the target 1 gives the same bits: a literal, an index expression
    /// (worked out on plain numbers), a name, a one-element vector, a keyword argument
    /// (evaluated in full), and an index into a sequence.
    func testEveryWayOfWritingTheTargetAgrees() throws {
        let session = self.session()
        XCTAssertTrue(succeeded(session.execute("""
            one = [1]
            s = [3, 1]
            a = cross_entropy(w, 1)
            b = cross_entropy(w, data[t + 1])
            c = cross_entropy(w, t)
            d = cross_entropy(w, one)
            e = cross_entropy(logits=w, target=data[2 * t])
            f = cross_entropy(w, s[t])
            g = cross_entropy(w, data[data[t + 1]] - 1)
            """)))
        let a = try XCTUnwrap(number(session, "a"))
        XCTAssertEqual(a, loss, accuracy: 1e-12)
        for name in ["b", "c", "d", "e", "f", "g"] { XCTAssertEqual(number(session, name), a, name) }
    }

    /// A target that is not a whole number, or out of range, is still the error it was.
    func testABadTargetIsStillAnError() throws {
        for (program, words) in [("x = [0.5, 1.5]\nL = cross_entropy(w, x[0])", "whole numbers"),
                                 ("L = cross_entropy(w, data[t] + 2)", "out of range"),
                                 ("L = cross_entropy(w, data[t + 9])", "out of range")] {
            let outputs = self.session().execute(program)
            guard case .error(let diagnostic, _)? = outputs.first(where: { if case .error = $0 { return true } else { return false } }) else {
                XCTFail("no error from \(program)")
                continue
            }
            XCTAssertTrue(diagnostic.message.contains(words), "\(program): \(diagnostic.message)")
        }
    }
}
