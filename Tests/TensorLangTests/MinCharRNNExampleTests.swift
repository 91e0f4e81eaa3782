import Foundation
import TensorCore
import TensorLang
import XCTest

/// examples/min_char_rnn.ur, min-char-rnn written out in the language the natural way
/// (no `detach`, `W = W - lr * g / sqrt(m + 1e-8)`), against the native trainer behind
/// `train` and `unroll train`, and for memory that stays flat while it runs.
final class MinCharRNNExampleTests: XCTestCase {
    static let source: String = {
        let url = ExampleScriptTests.root.appendingPathComponent("examples/min_char_rnn.ur")
        return (try? String(contentsOf: url, encoding: .utf8)) ?? ""
    }()

    /// The example with its settings block replaced.
    func program(text: String, hidden: Int, seq: Int, iters: Int) throws -> String {
        let source = Self.source
        let start = try XCTUnwrap(source.range(of: "# --- settings ---")).lowerBound
        let end = try XCTUnwrap(source.range(of: "# --- end of settings ---")).lowerBound
        let literal = "\"" + text.replacingOccurrences(of: "\n", with: "\\n") + "\""
        let settings = "text = \(literal)\nH = \(hidden)\nT = \(seq)\niters = \(iters)\nreport_every = 1000000\n"
        return source.replacingCharacters(in: start..<end, with: settings)
    }

    func run(_ session: Interpreter, _ program: String) {
        for output in session.execute(program) {
            if case .error(let d, let s) = output { XCTFail(DiagnosticRenderer.render(d, source: s)) }
        }
    }

    func scalars(_ session: Interpreter, _ expression: String) throws -> [Double] {
        var result: [Double] = []
        for output in session.execute("__probe = \(expression)") {
            if case .error(let d, let s) = output { XCTFail(DiagnosticRenderer.render(d, source: s)) }
        }
        switch session.value(of: "__probe") {
        case .tensor(let v)?: result = v.value.scalars
        case .sequence(let items)?: result = try items.elements.map(Self.number)
        default: XCTFail("\(expression) is not a tensor or a sequence")
        }
        return result
    }

    static func number(_ value: Value) throws -> Double {
        guard case .tensor(let v) = value, let x = v.value.scalarValue else { throw ExampleError(description: "not a number") }
        return x
    }

    /// The first ten losses equal the native trainer's from the same weights (char_model
    /// with seed 42), to 1e-8 relative: the loop, the clipping, Adagrad and the wrap-around
    /// of the data are the same algorithm. The text is short enough to wrap twice.
    func testTheFirstTenLossesMatchTheNativeTrainer() throws {
        let text = "the cat sat on the mat. the dog sat on the log.\n"
        let session = Interpreter()
        run(session, try program(text: text, hidden: 12, seq: 7, iters: 10))
        let ours = try scalars(session, "losses")
        run(session, "native = train(char_model(v, hidden=12, seed=42), text, iters=10, seq=7, lr=0.1, clip=5)")
        let native = try scalars(session, "native.losses")
        XCTAssertEqual(ours.count, 10)
        XCTAssertEqual(native.count, 10)
        for (k, (a, b)) in zip(ours, native).enumerated() {
            XCTAssertEqual(a, b, accuracy: 1e-8 * abs(b), "loss \(k)")
        }
        // Training moved: the tenth loss is below the first (a check that the updates landed).
        XCTAssertLessThan(ours[9], ours[0])
    }

    /// The natural loop, without `detach`, keeps a constant number of graph nodes and
    /// tensor bytes alive: measured after 60 and after 240 iterations (the text wraps
    /// around many times in between).
    func testTheNaturalLoopStaysFlat() throws {
        let text = "abcd efgh abcd efgh ijkl.\n"
        let session = Interpreter()
        run(session, try program(text: text, hidden: 8, seq: 5, iters: 60))
        let nodesEarly = session.context.budget.used(.graphNodes)
        let bytesEarly = session.context.budget.used(.tensorBytes)
        run(session, "iters = 240")
        // Continue the same loop from where it stopped (the while condition reads iters).
        let loop = try XCTUnwrap(Self.source.range(of: "while n < iters {"))
        run(session, String(Self.source[loop.lowerBound...]))
        XCTAssertEqual(try scalars(session, "n"), [240])
        XCTAssertEqual(session.context.budget.used(.graphNodes), nodesEarly, "graph nodes alive after 60 and 240 iterations")
        XCTAssertEqual(session.context.budget.used(.tensorBytes), bytesEarly, "tensor bytes alive after 60 and 240 iterations")
        // …and it is not flat because nothing is recorded: a gradient still reaches the weights.
        run(session, "probe = grad(sum(Why @ h), Why)")
        XCTAssertNotEqual(try scalars(session, "probe").map(abs).max() ?? 0, 0)
    }
}
