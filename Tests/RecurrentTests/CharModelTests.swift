import Foundation
import Recurrent
import TensorCore
import XCTest

/// Vocabulary, initialisation, the training loop's bookkeeping, sampling and
/// divergence detection.
final class CharModelTests: XCTestCase {
    func testVocabularyIsSortedByCodePointLikePython() throws {
        let vocab = try CharVocabulary(text: "banana Ä a\n")
        XCTAssertEqual(vocab.string, "\n abnÄ")
        XCTAssertEqual(try vocab.encode("nab"), [4, 2, 3])
        XCTAssertEqual(try vocab.decode([3, 2, 4]), "ban")
        XCTAssertThrowsError(try vocab.encode("z")) { XCTAssertEqual(($0 as? TensorError)?.kind, .indexOutOfRange) }
        XCTAssertThrowsError(try vocab.decode([6]))
        XCTAssertThrowsError(try CharVocabulary(text: ""))
        XCTAssertThrowsError(try CharVocabulary(symbols: ["a", "a"]))
    }

    func testSeededInitIsSmallGaussianWithZeroBiases() throws {
        let vocab = try CharVocabulary(text: String((32..<122).compactMap { Unicode.Scalar($0).map(Character.init) }))
        let a = try CharRNNModel(vocabulary: vocab, hidden: 64, seed: 42)
        let b = try CharRNNModel(vocabulary: vocab, hidden: 64, seed: 42)
        XCTAssertEqual(a, b)
        XCTAssertNotEqual(a, try CharRNNModel(vocabulary: vocab, hidden: 64, seed: 43))
        let weights = Array(a.parameters[0..<a.layout.bh])
        let mean = weights.reduce(0, +) / Double(weights.count)
        let std = (weights.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(weights.count)).squareRoot()
        XCTAssertEqual(std, 0.01, accuracy: 0.0003)    // 15,616 draws: the standard error is ~0.00006
        XCTAssertEqual(mean, 0, accuracy: 0.0003)
        XCTAssertTrue(a.parameters[a.layout.bh...].allSatisfy { $0 == 0 })
        XCTAssertEqual(a.layout.count, 2 * 64 * 90 + 64 * 64 + 64 + 90)
        XCTAssertEqual(try a.tensor(named: "Why").shape, [90, 64])
        XCTAssertThrowsError(try a.tensor(named: "W"))
    }

    func testWindowsAdvanceAndWrapLikeMinCharRNN() throws {
        let text = "abcdefghij"   // 10 characters, T = 3: windows at p = 0, 3, 6, then 6+3+1 > 10 wraps to 0
        let model = try CharRNNModel(vocabulary: CharVocabulary(text: text), hidden: 4, seed: 1)
        let trainer = try CharRNNTrainer(model: model, text: text, config: .init(seqLength: 3))
        var positions: [Int] = []
        for _ in 0..<5 { positions.append(trainer.position); try trainer.step() }
        // `position` is read before each step; the step itself wraps when p + T + 1 > len.
        XCTAssertEqual(positions, [0, 3, 6, 9, 3])
        XCTAssertEqual(trainer.iteration, 5)
    }

    func testSmoothLossStartsAtUniformLossAndFollowsTheRecurrence() throws {
        let text = "the cat sat on the mat. the cat sat."
        let model = try CharRNNModel(vocabulary: CharVocabulary(text: text), hidden: 10, seed: 7)
        let trainer = try CharRNNTrainer(model: model, text: text, config: .init(seqLength: 5))
        let v = Double(model.vocabulary.count)
        XCTAssertEqual(trainer.smoothLoss, -log(1 / v) * 5)
        var expected = trainer.smoothLoss
        for _ in 0..<20 {
            let step = try trainer.step()
            expected = expected * 0.999 + step.loss * 0.001
            XCTAssertEqual(step.smoothLoss, expected)
        }
    }

    func testTrainingLowersTheLossOnARepetitiveText() throws {
        let text = String(repeating: "abcd", count: 50)
        let model = try CharRNNModel(vocabulary: CharVocabulary(text: text), hidden: 16, seed: 5)
        let trainer = try CharRNNTrainer(model: model, text: text, config: .init(seqLength: 8))
        let first = try trainer.step().loss
        for _ in 0..<300 { try trainer.step() }
        XCTAssertLessThan(try trainer.step().loss, 0.05 * first)
        // And the trained model continues the pattern when sampling greedily.
        var generator = RandomGenerator(seed: 1)
        let continuation = try trainer.model.sample(seed: [0], count: 8, mode: .argmax, using: &generator)
        XCTAssertEqual(try model.vocabulary.decode(continuation), "bcdabcda")
    }

    func testSamplingIsSeededAndTemperatureSharpens() throws {
        let model = try CharRNNModel(vocabulary: CharVocabulary(text: "abcdefgh"), hidden: 8, seed: 11)
        var g1 = RandomGenerator(seed: 3), g2 = RandomGenerator(seed: 3)
        let a = try model.sample(seed: [1, 2], count: 50, mode: .temperature(1), using: &g1)
        let b = try model.sample(seed: [1, 2], count: 50, mode: .temperature(1), using: &g2)
        XCTAssertEqual(a, b)
        XCTAssertEqual(a.count, 50)
        XCTAssertTrue(a.allSatisfy { (0..<8).contains($0) })
        // A near-uniform model at temperature 1 visits most characters; at 1e-6 it is greedy.
        XCTAssertGreaterThan(Set(a).count, 4)
        var g3 = RandomGenerator(seed: 3), g4 = RandomGenerator(seed: 9)
        XCTAssertEqual(try model.sample(seed: [1], count: 20, mode: .temperature(1e-6), using: &g3),
                       try model.sample(seed: [1], count: 20, mode: .argmax, using: &g4))
        XCTAssertThrowsError(try model.sample(seed: [1], count: 5, mode: .temperature(0), using: &g3))
        XCTAssertThrowsError(try model.sample(seed: [], count: 5, mode: .argmax, using: &g3))
        XCTAssertThrowsError(try model.sample(seed: [8], count: 5, mode: .argmax, using: &g3))
    }

    func testDivergenceStopsTrainingWithAClearError() throws {
        let text = String(repeating: "xyzzy plugh ", count: 20)
        let model = try CharRNNModel(vocabulary: CharVocabulary(text: text), hidden: 8, seed: 2)
        // Unclipped SGD at an absurd learning rate overflows within a few steps.
        let trainer = try CharRNNTrainer(model: model, text: text, config: .init(seqLength: 10, learningRate: 1e200, clipping: .none, optimizer: .sgd))
        var caught: TensorError?
        for _ in 0..<20 {
            do { try trainer.step() } catch let error as TensorError { caught = error; break }
        }
        let error = try XCTUnwrap(caught)
        XCTAssertTrue(error.message.contains("non-finite"), error.message)
        XCTAssertTrue(error.message.contains("learning rate"), error.message)
        XCTAssertTrue(trainer.model.parameters.allSatisfy(\.isFinite), "the weights stay at their last finite values")
    }

    func testTrainerRejectsTextsShorterThanOneWindow() throws {
        let model = try CharRNNModel(vocabulary: CharVocabulary(text: "abc"), hidden: 4, seed: 1)
        XCTAssertThrowsError(try CharRNNTrainer(model: model, text: "abc", config: .init(seqLength: 3))) { error in
            XCTAssertTrue((error as? TensorError)?.message.contains("seq + 1") ?? false)
        }
        XCTAssertNoThrow(try CharRNNTrainer(model: model, text: "abca", config: .init(seqLength: 3)))
        XCTAssertThrowsError(try CharRNNTrainer(model: model, text: "abcd", config: .init(seqLength: 3)))  // 'd' is not in the vocabulary
    }
}
