import Foundation
import TensorCore
import TensorLang
import XCTest

/// examples/min_char_rnn.ur, min-char-rnn written out in the language the natural way
/// (no `detach`, `W = W - lr * g / sqrt(m + 1e-8)`), against the native trainer behind
/// `train` and `unroll train`, and for memory that stays flat while it runs. Its training
/// loop is lesson 16's, word for word: the loop the lesson teaches is the one measured.
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
        let settings = "text = \(literal)\nH = \(hidden)\nT = \(seq)\niters = \(iters)\n"
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
        let ours = try scalars(session, "first_losses")
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

    /// The natural loop, without `detach`, keeps a bounded graph while it runs: 240
    /// iterations fit in a graph-node budget that a few windows' graphs fill, and a second
    /// run of 240 leaves the session holding exactly as many nodes and bytes as the first
    /// (no more than after the program's run of 60). The text is long enough that the state
    /// is carried through all 240 windows without a restart, and each run starts again from
    /// the model's initial weights, which the previous run already replaced once.
    func testTheNaturalLoopStaysFlat() throws {
        let text = String(repeating: "abcd efgh ijkl.\n", count: 80)
        let session = Interpreter()
        run(session, try program(text: text, hidden: 8, seq: 5, iters: 60))
        let nodesAfter60 = session.context.budget.used(.graphNodes)
        // One window records about a hundred nodes; 240 windows kept would need 20,000.
        var limits = session.context.budget.limits
        limits.graphNodes = nodesAfter60 + 2_000
        session.context.budget.limits = limits
        let again = "trained, first_losses, smooth = train_loop([model.Wxh, model.Whh, model.Why, model.bh, model.by], 240)"
        run(session, again)
        let nodes = session.context.budget.used(.graphNodes)
        let bytes = session.context.budget.used(.tensorBytes)
        XCTAssertLessThanOrEqual(nodes, nodesAfter60, "graph nodes alive after 60 and after 240 iterations")
        run(session, again)
        XCTAssertEqual(session.context.budget.used(.graphNodes), nodes, "graph nodes alive after two runs of 240 iterations")
        XCTAssertEqual(session.context.budget.used(.tensorBytes), bytes, "tensor bytes alive after two runs of 240 iterations")
        // …and it is not flat because nothing is recorded: a gradient still reaches the weights.
        run(session, "Wxh, Whh, Why, bh, by = trained")
        run(session, "probe = grad(sum(Why @ tanh(Wxh[:, 1] + bh)), Why)")
        XCTAssertNotEqual(try scalars(session, "probe").map(abs).max() ?? 0, 0)
    }

    /// A list of parameters replaced, place by place, by the list of their updates retires
    /// the old ones, as `W = W - …` does under one name: the initial weights, still held
    /// under their own name and in another list, stop keeping every window of a state
    /// carried through 300 steps.
    func testAListOfUpdatesRetiresTheParametersItReplaces() throws {
        let session = Interpreter()
        run(session, "W0 = 0.5 * randn(4, 4, seed=1)\nkeep = [W0]\nparams = [W0]\nh = ones(4)")
        var limits = session.context.budget.limits
        limits.graphNodes = session.context.budget.used(.graphNodes) + 200
        session.context.budget.limits = limits
        run(session, """
            for n in 0..300 {
              h = tanh(params[0] @ h)
              params = [params[0] - 0.01 * grad(sum(h), params[0])]
            }
            probe = grad(sum(params[0] @ h), params[0])
            """)
        XCTAssertNotEqual(try scalars(session, "probe").map(abs).max() ?? 0, 0)
    }

    /// The example's training loop is lesson 16's: its `adagrad` and `train_loop` cells,
    /// word for word, between the example's markers.
    func testTheLoopIsTheOneLesson16Teaches() throws {
        let url = ExampleScriptTests.root.appendingPathComponent("lessons/16-min-char-rnn.md")
        let lesson = try String(contentsOf: url, encoding: .utf8)
        let cells = Self.plainCells(of: lesson).filter { $0.hasPrefix("def adagrad(") || $0.hasPrefix("def train_loop(") }
        XCTAssertEqual(cells.count, 2, "lesson 16 has one plain cell defining adagrad and one defining train_loop")
        let source = Self.source
        let start = try XCTUnwrap(source.range(of: "# --- lesson 16's cells, word for word"))
        let body = try XCTUnwrap(source.range(of: "\n", range: start.upperBound..<source.endIndex)).upperBound
        let end = try XCTUnwrap(source.range(of: "# --- end of lesson 16's cells ---")).lowerBound
        XCTAssertEqual(String(source[body..<end]), cells.joined(separator: "\n"),
                       "examples/min_char_rnn.ur must hold lesson 16's adagrad and train_loop cells unchanged; copy them over")
    }

    /// The code of the cells fenced as plain ```unroll (no starter, solution, mutant, check
    /// or assert), each ending in a newline.
    static func plainCells(of markdown: String) -> [String] {
        var cells: [String] = [], current: [Substring]? = nil
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            if current == nil, line == "```unroll" {
                current = []
            } else if let lines = current, line == "```" {
                cells.append(lines.map { $0 + "\n" }.joined())
                current = nil
            } else {
                current?.append(line)
            }
        }
        return cells
    }
}
