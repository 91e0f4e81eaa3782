import Foundation
import TensorLang
import XCTest

/// `pretrained`: the LSTM the program carries loads by name, and `record_cells` runs it as
/// `lstm_step` composed by hand does; nothing but the shipped names can be asked for.
final class PretrainedModelTests: XCTestCase {
    private func error(_ source: String) -> String {
        guard case .error(let d, _)? = Interpreter().execute(source).last else { return "no error" }
        return d.message
    }

    func testTheShippedModelHasTheShapesOfAnLSTMOverItsCharactersAndItsText() {
        let shape = numbers("""
            p = pretrained("source-lstm"); m = p.model; V = len(m.chars); H = m.hidden
            [shape(m.W)[0] - 4 * H, shape(m.W)[1] - (H + V), shape(m.b)[0] - 4 * H, shape(m.Why)[0] - V, shape(m.Why)[1] - H,
             shape(m.by)[0] - V, min([len(p.text), 1000]), H]
            """)
        XCTAssertEqual(Array(shape.prefix(7)), [0, 0, 0, 0, 0, 0, 1000])
        XCTAssertGreaterThan(shape.last ?? 0, 8)
        guard case .value(.string(let note))? = Interpreter().execute("pretrained(\"source-lstm\").note").last else { return XCTFail("no note") }
        XCTAssertTrue(note.text.hasPrefix("unroll train TEXT --cell lstm --hidden "), note.text)
    }

    func testRecordedStatesAreLSTMStepsComposedByHand() {
        let gap = numbers("""
            p = pretrained("source-lstm"); m = p.model; V = len(m.chars)
            ix = encode(p.text, m.chars)[0:40]
            S = record_cells(m, decode(ix, m.chars))
            h = zeros(m.hidden); c = zeros(m.hidden); worst = 0
            for t in 0..40 {
              s = lstm_step(h, c, onehot(ix[t], V), m.W, m.b)
              h = s.h; c = s.c
              worst = max([worst, max(abs(S.h[t] - h)), max(abs(S.c[t] - c))])
            }
            [worst, shape(S.c)[0], shape(S.h)[1] - m.hidden]
            """)
        XCTAssertEqual(gap.count, 3)
        XCTAssertLessThan(gap.first ?? 1, 1e-12)
        XCTAssertEqual(Array(gap.dropFirst()), [40, 0])
    }

    func testOnlyShippedNamesLoadAndNothingElseIsRead() {
        for name in ["../../Package.swift", "/etc/passwd", "source-lstm.json", "source-lstm.txt", "", "SOURCE-LSTM"] {
            let message = error("pretrained(\"\(name)\")")
            XCTAssertTrue(message.contains("the name of a shipped model (\"source-lstm\")"), "\(name): \(message)")
        }
        XCTAssertTrue(error("pretrained(1)").contains("bad argument #1 to 'pretrained'"))
    }

    func testRecordingRefusesAModelWhoseWeightsDoNotFitItsCharacters() {
        let message = error("""
            m = pretrained("source-lstm").model
            record_cells(with_field(m, "chars", "abc"), "abc")
            """)
        XCTAssertTrue(message.contains("an LSTM model whose W has H + V columns"), message)
    }
}
