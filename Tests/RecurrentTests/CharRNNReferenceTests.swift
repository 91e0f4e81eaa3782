import Foundation
import Processes
import Recurrent
import TensorCore
import XCTest
import _TestSupport

/// The native kernels against the project's numpy reference
/// (Tests/Reference/char_rnn_reference.py): same state in, same numbers out.
final class CharRNNReferenceTests: XCTestCase {
    /// Numpy-seeded weights for `sampleText` at hidden size `hidden`.
    private func numpyInit(hidden: Int, seed: Int, in directory: URL) throws -> URL {
        let text = directory.appendingPathComponent("text.txt"), out = directory.appendingPathComponent("init.json")
        try sampleText.write(to: text, atomically: true, encoding: .utf8)
        _ = try ChildProcess.run(["python3", ReferenceRunner.referenceScript.path, "init", "--text", text.path,
                                     "--hidden", "\(hidden)", "--seed", "\(seed)", "--out", out.path])
        return out
    }

    func testLoadsNumpyInitialWeightsExactly() throws {
        try References.requirePython("numpy")
        let dir = try ReferenceRunner.temporaryDirectory()
        let url = try numpyInit(hidden: 7, seed: 3, in: dir)
        let model = try CharRNNModel(referenceJSON: Data(contentsOf: url))
        XCTAssertEqual(model.vocabulary, try CharVocabulary(text: sampleText))
        XCTAssertEqual(model.hidden, 7)
        // Round trip through our own writer gives the very same JSON numbers back.
        let again = try CharRNNModel(referenceJSON: model.referenceJSON())
        XCTAssertEqual(again.parameters, model.parameters)
        // Python's own reading of its file: every weight as repr() text, parsed by Double(String).
        let printed = try ChildProcess.run(["python3", "-c", "import json,sys; print(' '.join(repr(x) for x in json.load(open(sys.argv[1]))['Wxh'][0]))", url.path])
        let firstRow = String(decoding: printed, as: UTF8.self).split(whereSeparator: \.isWhitespace).compactMap { Double(String($0)) }
        XCTAssertEqual(Array(model.parameters[0..<model.vocabulary.count]), firstRow)
        XCTAssertEqual(try model.tensor(named: "bh").scalars, [Double](repeating: 0, count: 7))
    }

    /// Given identical weights, Adagrad memory, hidden state and window, one
    /// native training step reproduces numpy's loss, clipped gradients, updated
    /// weights, memory and next hidden state.
    func testOneTrainingStepMatchesNumpyFromTheSameState() throws {
        try References.requirePython("numpy")
        let dir = try ReferenceRunner.temporaryDirectory()
        let model = try CharRNNModel(referenceJSON: Data(contentsOf: numpyInit(hidden: 32, seed: 5, in: dir)))
        let config = CharRNNTrainingConfig(seqLength: 25, learningRate: 0.1)
        let trainer = try CharRNNTrainer(model: model, text: sampleText, config: config)
        for _ in 0..<30 { try trainer.step() }  // a state with memory, carried h and p > 0 (and a wrap on the way)
        let state: [String: Any] = [
            "text": sampleText, "seq": 25, "lr": 0.1, "params": trainer.model.parameters,
            "mem": trainer.optimizer.first, "hprev": trainer.hidden, "p": trainer.position,
            "n": trainer.iteration, "smooth": trainer.smoothLoss,
        ]
        let stateURL = dir.appendingPathComponent("state.json")
        try ReferenceRunner.writeJSON(state, to: stateURL)
        let expected = try ReferenceRunner.reference(["step", stateURL.path])

        let result = try trainer.step()
        XCTAssertEqual(result.loss, expected.double("loss"), accuracy: 1e-12 * abs(expected.double("loss")))
        XCTAssertEqual(result.smoothLoss, expected.double("smooth"), accuracy: 1e-12 * abs(expected.double("smooth")))
        XCTAssertLessThan(relativeError(trainer.gradients, expected.doubles("grads")), 1e-12)
        XCTAssertLessThan(elementwiseRelativeError(trainer.model.parameters, expected.doubles("params")), 1e-12)
        XCTAssertLessThan(relativeError(trainer.optimizer.first, expected.doubles("mem")), 1e-12)
        XCTAssertLessThan(relativeError(trainer.hidden, expected.doubles("hprev")), 1e-12)
        XCTAssertEqual(trainer.position, expected.int("p"))
    }

    /// Unclipped gradients of one window from a non-zero hidden state.
    func testWindowGradientsMatchNumpy() throws {
        try References.requirePython("numpy")
        let dir = try ReferenceRunner.temporaryDirectory()
        var model = try CharRNNModel(vocabulary: CharVocabulary(text: sampleText), hidden: 20, seed: 9)
        var generator = RandomGenerator(seed: 10)
        try model.setParameters(model.parameters.map { $0 * 30 + 0.01 * generator.nextNormal() })
        let h0 = (0..<20).map { _ in 0.5 * (generator.nextUniform() - 0.5) }
        let data = try model.vocabulary.encode(sampleText).map(Int.init)
        let p = 37, T = 40
        let state: [String: Any] = ["text": sampleText, "params": model.parameters, "hprev": h0, "p": p, "seq": T]
        let url = dir.appendingPathComponent("grads.json")
        try ReferenceRunner.writeJSON(state, to: url)
        let expected = try ReferenceRunner.reference(["grads", url.path])
        let got = try model.lossAndGradients(inputs: Array(data[p..<p + T]), targets: Array(data[p + 1..<p + T + 1]), h0: h0)
        XCTAssertEqual(got.loss, expected.double("loss"), accuracy: 1e-12 * expected.double("loss"))
        XCTAssertLessThan(relativeError(got.gradients, expected.doubles("grads")), 1e-12)
        XCTAssertLessThan(relativeError(got.finalHidden, expected.doubles("hprev")), 1e-12)
    }

    /// Free-running from the same numpy weights, the raw losses of both
    /// implementations agree until rounding differences (1e-14 at first) have
    /// been amplified: under Adagrad at lr 0.1 they grow 10–100× per iteration,
    /// numpy against itself with one weight moved by one ulp included.
    private func compareFreeRun(text: String, textURL: URL, hidden: Int, iterations: Int, tolerance: Double, in dir: URL) throws {
        let initURL = dir.appendingPathComponent("init-free.json")
        _ = try ChildProcess.run(["python3", ReferenceRunner.referenceScript.path, "init", "--text", textURL.path,
                                     "--hidden", "\(hidden)", "--seed", "42", "--out", initURL.path])
        let expected = try ReferenceRunner.reference(["run", "--init", initURL.path, "--text", textURL.path,
                                                      "--iters", "\(iterations)", "--seq", "25", "--lr", "0.1"])
        let trainer = try CharRNNTrainer(model: CharRNNModel(referenceJSON: Data(contentsOf: initURL)), text: text)
        let raw = expected.doubles("raw"), smooth = expected.doubles("smooth")
        XCTAssertEqual(raw.count, iterations)
        for n in 0..<min(iterations, raw.count) {
            let step = try trainer.step()
            XCTAssertEqual(step.loss, raw[n], accuracy: tolerance, "raw loss at iteration \(n)")
            XCTAssertEqual(step.smoothLoss, smooth[n], accuracy: tolerance, "smooth loss at iteration \(n)")
        }
    }

    /// The short built-in text amplifies fastest; the first seven iterations agree to 1e-8.
    func testFreeRunningLossesAgreeOnTheSampleText() throws {
        try References.requirePython("numpy")
        let dir = try ReferenceRunner.temporaryDirectory()
        let url = dir.appendingPathComponent("text.txt")
        try sampleText.write(to: url, atomically: true, encoding: .utf8)
        try compareFreeRun(text: sampleText, textURL: url, hidden: 100, iterations: 7, tolerance: 1e-8, in: dir)
    }

    /// The benchmark configuration (../shared/bench/data/input.txt, H = 100,
    /// T = 25, numpy seed 42): the first ten iterations agree to 1e-8.
    func testFreeRunningLossesAgreeForTenIterationsOnTheBenchmarkText() throws {
        try References.requirePython("numpy")
        let url = try References.requireSharedBench("data/input.txt")
        let text = try String(contentsOf: url, encoding: .utf8)
        try compareFreeRun(text: text, textURL: url, hidden: 100, iterations: 10, tolerance: 1e-8,
                           in: ReferenceRunner.temporaryDirectory())
    }
}
