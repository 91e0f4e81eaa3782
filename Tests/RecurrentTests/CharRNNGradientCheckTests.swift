import Recurrent
import TensorCore
import XCTest

/// The hand-written backward pass against central finite differences of the
/// loss (an independent check: only the forward pass is used for the numbers).
final class CharRNNGradientCheckTests: XCTestCase {
    func testBackwardMatchesCentralDifferencesOnATinyModel() throws {
        let vocabulary = try CharVocabulary(text: "abcde")
        var model = try CharRNNModel(vocabulary: vocabulary, hidden: 6, seed: 1)
        var generator = RandomGenerator(seed: 2)
        // Larger weights than the 0.01 init so every term of the gradient matters.
        try model.setParameters(model.parameters.map { _ in 0.4 * generator.nextNormal() })
        let inputs = [0, 3, 1, 4, 4, 2, 0], targets = [3, 1, 4, 4, 2, 0, 1]
        let h0 = (0..<6).map { _ in 0.3 * generator.nextNormal() }
        let analytic = try model.lossAndGradients(inputs: inputs, targets: targets, h0: h0)

        let step = 1e-5
        var worst = 0.0
        for k in 0..<model.parameters.count {
            var plus = model, minus = model
            var p = model.parameters
            p[k] += step
            try plus.setParameters(p)
            p[k] -= 2 * step
            try minus.setParameters(p)
            let numeric = (try plus.lossAndGradients(inputs: inputs, targets: targets, h0: h0).loss
                - minus.lossAndGradients(inputs: inputs, targets: targets, h0: h0).loss) / (2 * step)
            let a = analytic.gradients[k]
            let error = abs(a - numeric) / max(1e-6, abs(a) + abs(numeric))
            worst = max(worst, error)
            XCTAssertLessThan(error, 1e-6, "parameter \(k): analytic \(a), numeric \(numeric)")
        }
        XCTAssertLessThan(worst, 1e-6)
        // Every block received some gradient (the check is not vacuous).
        for block in model.layout.blocks {
            let slice = analytic.gradients[block.offset..<block.offset + block.shape.reduce(1, *)]
            XCTAssertGreaterThan(slice.map(abs).max() ?? 0, 1e-3, block.name)
        }
    }

    /// The loss of a uniform model is exactly T·ln V, and its output-bias
    /// gradient is Σₜ (1/V − e(yₜ)) — both derivable by hand.
    func testZeroModelHasUniformPredictions() throws {
        let vocabulary = try CharVocabulary(text: "wxyz")
        let model = try CharRNNModel(vocabulary: vocabulary, hidden: 3, parameters: [Double](repeating: 0, count: 2 * 3 * 4 + 9 + 3 + 4))
        let result = try model.lossAndGradients(inputs: [0, 1, 2], targets: [1, 1, 3])
        XCTAssertEqual(result.loss, 3 * log(4.0), accuracy: 1e-14)
        let dby = Array(result.gradients[model.layout.by..<model.layout.count])
        XCTAssertEqual(dby, [0.75, 0.75 - 2, 0.75, 0.75 - 1])
        XCTAssertEqual(result.finalHidden, [0, 0, 0])
    }

    func testTeacherForcedLossOfTextEqualsWindowLoss() throws {
        let model = try CharRNNModel(vocabulary: CharVocabulary(text: "hello world"), hidden: 8, seed: 4)
        let indices = try model.vocabulary.encode("hello world").map(Int.init)
        let direct = try model.lossAndGradients(inputs: Array(indices.dropLast()), targets: Array(indices.dropFirst())).loss
        XCTAssertEqual(try model.loss(of: "hello world"), direct)
        XCTAssertThrowsError(try model.loss(of: "h"))
        XCTAssertThrowsError(try model.lossAndGradients(inputs: [0, 99], targets: [1, 2])) { error in
            XCTAssertEqual((error as? TensorError)?.kind, .indexOutOfRange)
        }
        XCTAssertThrowsError(try model.lossAndGradients(inputs: [0], targets: [1], h0: [1]))
    }
}
