import Recurrent
import TensorCore
import XCTest

/// Each update rule on a two-parameter buffer, against values worked out by hand.
final class OptimizerAndClippingTests: XCTestCase {
    func testSGDStepsAgainstTheGradient() throws {
        var opt = try FlatOptimizer(.sgd, learningRate: 0.5, count: 2)
        var theta = [1.0, -2.0]
        try opt.update(&theta, gradients: [0.2, -4])
        XCTAssertEqual(theta, [0.9, 0.0])
    }

    func testMomentumAccumulatesVelocity() throws {
        var opt = try FlatOptimizer(.momentum(0.5), learningRate: 0.1, count: 1)
        var theta = [0.0]
        try opt.update(&theta, gradients: [1])   // v = −0.1, θ = −0.1
        try opt.update(&theta, gradients: [1])   // v = −0.05 − 0.1 = −0.15, θ = −0.25
        XCTAssertEqual(theta[0], -0.25, accuracy: 1e-15)
        XCTAssertEqual(opt.first[0], -0.15, accuracy: 1e-15)
    }

    func testAdagradIsMinCharRNNsRule() throws {
        var opt = try FlatOptimizer(.minCharRNN, learningRate: 0.1, count: 2)
        var theta = [0.0, 1.0]
        try opt.update(&theta, gradients: [3, 0])
        // m = 9, θ₀ = −0.3/√(9 + 1e-8); a zero gradient leaves θ₁ alone.
        XCTAssertEqual(theta[0], (-0.1 * 3) / (9 + 1e-8).squareRoot())
        XCTAssertEqual(theta[1], 1)
        try opt.update(&theta, gradients: [4, 0])
        XCTAssertEqual(opt.first, [25, 0])
        XCTAssertEqual(theta[0], -0.3 / (9 + 1e-8).squareRoot() - 0.4 / (25 + 1e-8).squareRoot(), accuracy: 1e-16)
    }

    func testAdamFirstStepMovesByTheLearningRate() throws {
        var opt = try FlatOptimizer(.adamDefault, learningRate: 0.01, count: 2)
        var theta = [1.0, 1.0]
        try opt.update(&theta, gradients: [0.5, -2])
        // After bias correction m̂ = g and v̂ = g², so the step is lr·g/(|g| + ε).
        XCTAssertEqual(theta[0], 1 - 0.01 * 0.5 / (0.5 + 1e-8), accuracy: 1e-15)
        XCTAssertEqual(theta[1], 1 + 0.01 * 2 / (2 + 1e-8), accuracy: 1e-15)
        try opt.update(&theta, gradients: [0.5, -2])
        XCTAssertEqual(opt.steps, 2)
        XCTAssertEqual(theta[0], 1 - 2 * 0.01 * 0.5 / (0.5 + 1e-8), accuracy: 1e-12)
    }

    func testOptimizerValidatesItsInputs() {
        XCTAssertThrowsError(try FlatOptimizer(.sgd, learningRate: 0, count: 1))
        XCTAssertThrowsError(try FlatOptimizer(.momentum(1.5), learningRate: 0.1, count: 1))
        XCTAssertThrowsError(try FlatOptimizer(.adam(beta1: 1, beta2: 0.9, epsilon: 1e-8), learningRate: 0.1, count: 1))
        XCTAssertThrowsError(try {
            var opt = try FlatOptimizer(.minCharRNN, learningRate: 0.1, count: 2)
            var theta = [0.0]
            try opt.update(&theta, gradients: [1])
        }()) { XCTAssertEqual(($0 as? TensorError)?.kind, .shapeMismatch) }
    }

    func testClippingModesThroughTraining() throws {
        XCTAssertThrowsError(try GradientClipping.elementwise(-1).validated())
        XCTAssertThrowsError(try GradientClipping.globalNorm(.infinity).validated())
        let text = "abcabcabcabd"
        let model = try CharRNNModel(vocabulary: CharVocabulary(text: text), hidden: 4, seed: 3)
        // Global norm 1e-3: the applied gradient has exactly that norm (the raw one is far larger).
        let trainer = try CharRNNTrainer(model: model, text: text, config: .init(seqLength: 5, learningRate: 0.1, clipping: .globalNorm(1e-3), optimizer: .sgd))
        let step = try trainer.step()
        XCTAssertGreaterThan(step.gradientNorm, 1e-3)
        let norm = trainer.gradients.map { $0 * $0 }.reduce(0, +).squareRoot()
        XCTAssertEqual(norm, 1e-3, accuracy: 1e-15)
        // Elementwise at 0.01: nothing exceeds the limit and some component sits on it.
        let clipped = try CharRNNTrainer(model: model, text: text, config: .init(seqLength: 5, clipping: .elementwise(0.01)))
        try clipped.step()
        XCTAssertLessThanOrEqual(clipped.gradients.map(abs).max() ?? 1, 0.01)
        XCTAssertTrue(clipped.gradients.contains(0.01) || clipped.gradients.contains(-0.01))
    }
}
