import Foundation
import Recurrent
import TensorCore
import XCTest

final class CheckpointTests: XCTestCase {
    private func trainedTrainer(_ optimizer: OptimizerKind, clipping: GradientClipping = .elementwise(5)) throws -> CharRNNTrainer {
        let model = try CharRNNModel(vocabulary: CharVocabulary(text: sampleText), hidden: 12, seed: 8)
        let trainer = try CharRNNTrainer(model: model, text: sampleText,
                                         config: .init(seqLength: 15, learningRate: 0.05, clipping: clipping, optimizer: optimizer))
        for _ in 0..<17 { try trainer.step() }
        return trainer
    }

    /// Saving, loading and continuing gives exactly the run that never stopped.
    func testRoundTripIsBitExactAndResumesTheSameTrajectory() throws {
        for (kind, clip) in [(OptimizerKind.minCharRNN, GradientClipping.elementwise(5)), (.adamDefault, .globalNorm(1)),
                             (.momentum(0.9), .none), (.sgd, .elementwise(1))] {
            let trainer = try trainedTrainer(kind, clipping: clip)
            let bytes = trainer.checkpoint().encoded()
            let loaded = try CharRNNCheckpoint(decoding: bytes)
            XCTAssertEqual(loaded, trainer.checkpoint(), "\(kind)")
            XCTAssertEqual(loaded.encoded(), bytes)
            let resumed = try CharRNNTrainer(resuming: loaded, text: sampleText)
            for _ in 0..<5 {
                let a = try trainer.step(), b = try resumed.step()
                XCTAssertEqual(a, b)
            }
            XCTAssertEqual(resumed.model.parameters, trainer.model.parameters)
        }
    }

    func testCorruptionIsReportedClearly() throws {
        let bytes = try trainedTrainer(.minCharRNN).checkpoint().encoded()
        var flipped = bytes
        flipped[bytes.count / 2] ^= 0x10
        XCTAssertThrowsError(try CharRNNCheckpoint(decoding: flipped)) { error in
            XCTAssertTrue("\(error)".contains("checksum"), "\(error)")
        }
        XCTAssertThrowsError(try CharRNNCheckpoint(decoding: Array(bytes.dropLast(9)))) { error in
            XCTAssertTrue("\(error)".contains("corrupt or truncated"), "\(error)")
        }
        XCTAssertThrowsError(try CharRNNCheckpoint(decoding: Array("hello, not a checkpoint".utf8))) { error in
            XCTAssertTrue("\(error)".contains("UNROLLCK"), "\(error)")
        }
        XCTAssertThrowsError(try CharRNNCheckpoint(decoding: []))
    }
}
