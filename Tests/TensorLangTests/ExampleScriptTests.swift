import Foundation
import TensorLang
import XCTest

/// The scripts in examples/ run without error and their key numbers agree with an
/// independent numpy implementation (examples/reference/reference.py → expected.json)
/// or with a hand derivation.
final class ExampleScriptTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func run(_ name: String) throws -> (Interpreter, [String]) {
        let source = try String(contentsOf: Self.root.appendingPathComponent("examples/\(name)"), encoding: .utf8)
        let session = Interpreter()
        var printed: [String] = []
        for output in session.execute(source) {
            switch output {
            case .error(let d, let s): XCTFail("\(name):\n\(DiagnosticRenderer.render(d, source: s))")
            case .stdout(let text): printed.append(text)
            case .value, .display, .stderr: break
            }
        }
        return (session, printed)
    }

    func reference(_ key: String) throws -> [String: Any] {
        let data = try Data(contentsOf: Self.root.appendingPathComponent("examples/reference/expected.json"))
        let json = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        return try XCTUnwrap(json?[key] as? [String: Any])
    }

    func numbers(_ session: Interpreter, _ name: String) throws -> [Double] {
        guard case .tensor(let v)? = session.value(of: name) else { throw ExampleError(description: "\(name) is not a tensor after the script ran") }
        return v.value.scalars
    }

    func flat(_ any: Any?) -> [Double] {
        if let d = any as? Double { return [d] }
        if let list = any as? [Any] { return list.flatMap(flat) }
        return []
    }

    func assertClose(_ a: [Double], _ b: [Double], tolerance: Double, _ what: String) {
        XCTAssertEqual(a.count, b.count, what)
        for (x, y) in zip(a, b) { XCTAssertEqual(x, y, accuracy: tolerance, what) }
    }

    func testHelloCharacterModelMatchesNumpyBackprop() throws {
        let (session, printed) = try run("hello_char_model.ur")
        let expected = try reference("hello_char_model")
        for name in ["loss", "dWhh", "dWxh", "dh1"] {
            assertClose(try numbers(session, name), flat(expected[name]), tolerance: 1e-12, name)
        }
        let predictions = (expected["predictions"] as? [String]) ?? []
        let lines = printed.filter { $0.contains("->") }
        XCTAssertEqual(lines, zip(["h", "e", "l", "l"], predictions).map { "\($0) -> \($1)\n" })
    }

    func testVanishingGradientFollowsSigmaToTheT() throws {
        let (session, _) = try run("vanishing_gradient.ur")
        // Hand derivation: ∂h_T/∂h_0 = (σQ)^T and Q is orthogonal, so its spectral norm is σ^T.
        XCTAssertEqual(try numbers(session, "shrink")[0], pow(0.9, 20), accuracy: 1e-12)
        XCTAssertEqual(try numbers(session, "keep")[0], 1, accuracy: 1e-12)
        XCTAssertEqual(try numbers(session, "grow")[0], pow(1.1, 20), accuracy: 1e-10)
        // With tanh each step multiplies by diag(1 − h²) ≤ I, so the norm is below 1.
        let withTanh = try numbers(session, "with_tanh")[0]
        XCTAssertLessThan(withTanh, 1)
        XCTAssertGreaterThan(withTanh, 0)
    }

    func testLSTMStepMatchesNumpyAndFiniteDifferences() throws {
        let (session, _) = try run("lstm_step.ur")
        let expected = try reference("lstm_step")
        for name in ["h1", "c1", "h2", "c2"] {
            assertClose(try numbers(session, name), flat(expected[name]), tolerance: 1e-14, name)
        }
        assertClose(try numbers(session, "J"), flat(expected["J"]), tolerance: 1e-8, "J")
        assertClose(try numbers(session, "dWf"), flat(expected["dWf"]), tolerance: 1e-8, "dWf")
    }
}

/// A value an example script should have left behind is missing.
struct ExampleError: Error, CustomStringConvertible {
    var description: String
}
