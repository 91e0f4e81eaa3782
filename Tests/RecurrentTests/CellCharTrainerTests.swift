import XCTest
import Foundation
import TensorCore
@testable import Recurrent

final class CellCharTrainerTests: XCTestCase {
    let text = String(repeating: "abcd", count: 60)

    func testAnUntrainedModelScoresAboutTLogVAndTheSmoothLossStartsThere() throws {
        var trainer = try CellCharTrainer(text: text, cell: "lstm", hidden: 16, seqLength: 10, learningRate: 0.1, seed: 1)
        XCTAssertEqual(trainer.smoothLoss, 10 * log(4), accuracy: 1e-12)
        let first = try trainer.step()
        // Small initial weights give nearly uniform predictions: 10 steps × ln 4.
        XCTAssertEqual(first, 10 * log(4), accuracy: 0.5)
    }

    func testLSTMAndGRULearnAPeriodicText() throws {
        for cell in ["lstm", "gru"] {
            var trainer = try CellCharTrainer(text: text, cell: cell, hidden: 16, seqLength: 10, learningRate: 0.1, seed: 2)
            var last = 0.0
            for _ in 0..<300 { last = try trainer.step() }
            // "abcd" repeated is fully predictable after one character: the loss must fall far below 10·ln 4 ≈ 13.9.
            XCTAssertLessThan(last, 1.0, "\(cell) did not learn: final window loss \(last)")
            var generator = RandomGenerator(seed: 3)
            let sample = try trainer.sample(after: trainer.firstCharacter, count: 12, temperature: 0, using: &generator)
            XCTAssertEqual(sample, "bcdabcdabcda", "\(cell) predicts the cycle")
        }
    }

    func testStackedLayersTrainToo() throws {
        var trainer = try CellCharTrainer(text: text, cell: "rnn", hidden: 12, layers: 2, seqLength: 8, learningRate: 0.1, seed: 4)
        let first = try trainer.step()
        for _ in 0..<200 { try trainer.step() }
        XCTAssertLessThan(try trainer.step(), first / 4)
    }

    func testBadSettingsAreErrors() {
        XCTAssertThrowsError(try CellCharTrainer(text: "ab", cell: "lstm", hidden: 4, seqLength: 5, learningRate: 0.1, seed: 1))
        XCTAssertThrowsError(try CellCharTrainer(text: text, cell: "transformer", hidden: 4, seqLength: 5, learningRate: 0.1, seed: 1))
        XCTAssertThrowsError(try CellCharTrainer(text: text, cell: "gru", hidden: 0, seqLength: 5, learningRate: 0.1, seed: 1))
    }

    func testStudentForcingAtZeroIsTeacherForcingAndAtOneFeedsPredictionsBack() throws {
        var teacher = try CellCharTrainer(text: text, cell: "gru", hidden: 8, seqLength: 6, learningRate: 0.1, seed: 5)
        var zero = try CellCharTrainer(text: text, cell: "gru", hidden: 8, seqLength: 6, learningRate: 0.1, seed: 5)
        zero.studentProbability = 0
        var student = try CellCharTrainer(text: text, cell: "gru", hidden: 8, seqLength: 6, learningRate: 0.1, seed: 5)
        student.studentProbability = 1
        for _ in 0..<3 {
            XCTAssertEqual(try teacher.step(), try zero.step())
        }
        // An untrained model predicts badly, so feeding its predictions back changes the window's loss.
        var fresh = try CellCharTrainer(text: text, cell: "gru", hidden: 8, seqLength: 6, learningRate: 0.1, seed: 5)
        XCTAssertNotEqual(try student.step(), try fresh.step())
        // Fully student-forced training still learns the cycle once its own predictions become right.
        for _ in 0..<400 { try student.step() }
        XCTAssertLessThan(try student.step(), 1.0)
    }
}
