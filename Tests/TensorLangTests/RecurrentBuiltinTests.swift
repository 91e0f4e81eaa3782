import Foundation
import TensorLang
import XCTest

/// The recurrent builtins agree with the equations worked out by hand, and steps stay differentiable.
final class RecurrentBuiltinTests: XCTestCase {
    private func sigmoid(_ x: Double) -> Double { 1 / (1 + exp(-x)) }

    func testLSTMStepFollowsTheGateEquationsForOneUnit() {
        // W rows i, f, o, g; columns h then x. H = 1, D = 1.
        let w: [[Double]] = [[0.3, -0.5], [0.8, 0.2], [-0.4, 0.9], [0.6, -0.7]]
        let b: [Double] = [0.1, 1.0, -0.2, 0.05]
        let (h, c, x) = (0.4, -0.3, 1.5)
        func pre(_ k: Int) -> Double { w[k][0] * h + w[k][1] * x + b[k] }
        let (i, f, o, g) = (sigmoid(pre(0)), sigmoid(pre(1)), sigmoid(pre(2)), tanh(pre(3)))
        let cNew = f * c + i * g
        let source = "s = lstm_step([0.4], [-0.3], [1.5], [[0.3, -0.5], [0.8, 0.2], [-0.4, 0.9], [0.6, -0.7]], [0.1, 1.0, -0.2, 0.05]); "
        for (field, expected) in [("h", o * tanh(cNew)), ("c", cNew), ("i", i), ("f", f), ("o", o), ("g", g)] {
            let got = numbers(source + "s.\(field)")
            XCTAssertEqual(got.first ?? .nan, expected, accuracy: 1e-14, field)
        }
    }

    func testTheCellPathJacobianOfAnLSTMStepIsDiagonalF() {
        let source = "c0 = [0.5, -0.3, 0.2]; s = lstm_step([0.1, 0.2, -0.1], c0, [1, -1], randn(12, 5, seed=4), zeros(12)); "
        let jac = numbers(source + "jacobian(s.c, c0)")
        let f = numbers(source + "s.f")
        XCTAssertEqual(jac.count, 9)
        for r in 0..<3 { for col in 0..<3 { XCTAssertEqual(jac[r * 3 + col], r == col ? f[r] : 0, accuracy: 1e-14) } }
    }

    func testGRUStepFollowsItsEquations() {
        let setup = "g = cell(\"gru\", 1, 1, seed=3); h = [0.25]; x = [-0.8]; "
        func p(_ name: String) -> Double { numbers(setup + "g.\(name)").first ?? .nan }
        let (h, x) = (0.25, -0.8)
        let r = sigmoid(p("wxr") * x + p("whr") * h + p("br"))
        let z = sigmoid(p("wxz") * x + p("whz") * h + p("bz"))
        let candidate = tanh(p("wxh") * x + p("whh") * (r * h) + p("bh"))
        XCTAssertEqual(numbers(setup + "gated_step(g, h, x)").first ?? .nan, z * h + (1 - z) * candidate, accuracy: 1e-14)
    }

    func testParameterCountsMatchTheFormulas() {
        // LSTM 4H(H + D + 1); GRU 3H(H + D + 1); vanilla H(H + D + 1); highway 2n(n + 1).
        XCTAssertEqual(numbers("param_count(cell(\"lstm\", 10, 20, seed=0))"), [4 * 20 * 31])
        XCTAssertEqual(numbers("param_count(cell(\"gru\", 10, 20, seed=0))"), [3 * 20 * 31])
        XCTAssertEqual(numbers("param_count(cell(\"rnn\", 10, 20, seed=0))"), [20 * 31])
        XCTAssertEqual(numbers("param_count(cell(\"highway\", 6, 6, seed=0))"), [2 * 6 * 7])
    }

    func testAFreshCharModelScoresAboutTLogV() {
        // 0.01-scale weights give nearly uniform predictions: loss ≈ (len − 1)·ln V.
        let loss = numbers("m = char_model(char_vocab(\"the cat sat\"), hidden=10, seed=2); char_loss(m, \"the cat sat\")")
        XCTAssertEqual(loss.first ?? .nan, 10 * log(7.0), accuracy: 0.01)
    }

    func testTrainingLowersTheLossOnARepeatedText() {
        let losses = numbers("""
            text = "abcdabcdabcdabcdabcdabcdabcdabcd"
            r = train(char_model(char_vocab(text), hidden=8, seed=1), text, iters=60, seq=8); r.losses
            """)
        XCTAssertEqual(losses.count, 60)
        XCTAssertLessThan(losses.suffix(5).reduce(0, +) / 5, 0.5 * (losses.first ?? 0))
    }

    func testRecordedCellsMatchTheRecurrenceWrittenInTheLanguage() {
        let gap = numbers("""
            v = char_vocab("hello"); m = char_model(v, hidden=3, seed=5)
            m = train(m, "hellohellohello", iters=20, seq=4).model
            H = record_cells(m, "hello")
            h = zeros(3); worst = 0
            ix = encode("hello", v)
            for t in 0..5 {
              h = tanh(m.Wxh @ onehot(ix[t], 4) + m.Whh @ h + m.bh)
              worst = max([worst, max(abs(H[t] - h))])
            }
            worst
            """)
        XCTAssertLessThan(gap.first ?? 1, 1e-12)
    }

    func testBadArgumentsNameTheBuiltinAndPosition() {
        let outputs = Interpreter().execute("lstm_step(zeros(2), zeros(2), [1, 2], ones(8, 3), zeros(8))")
        guard case .error(let d, _)? = outputs.last else { return XCTFail("expected an error") }
        XCTAssertTrue(d.message.contains("bad argument #3 to 'lstm_step'"), d.message)
        let kind = Interpreter().execute("cell(\"lstn\", 2, 2)")
        guard case .error(let k, _)? = kind.last else { return XCTFail("expected an error") }
        XCTAssertTrue(k.message.contains("'cell'") && k.message.contains("\"lstm\""), k.message)
    }
}
