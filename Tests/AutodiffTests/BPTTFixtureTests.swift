import Autodiff
import Foundation
import TensorCore
import XCTest
import _TestSupport

/// A four-step character RNN differentiated by the engine agrees with an
/// independent numpy implementation of backpropagation through time
/// (`scripts/fixtures/bptt_fixture.py`, which writes `BPTTFixture`).
final class BPTTFixtureTests: XCTestCase {
    private let hidden = 3, vocabulary = 4
    private let inputs = [0, 2, 1, 3], targets = [2, 1, 3, 0]

    /// `W[i, j] = 0.5·sin(1.7·(i·cols + j) + phase)`, the fixture's closed-form weights.
    private func weights(_ rows: Int, _ cols: Int, _ phase: Double, scale: Double = 1) throws -> Tensor {
        try Tensor(shape: [rows, cols], scalars: (0..<rows * cols).map { 0.5 * sin(1.7 * Double($0) + phase) * scale })
    }

    func testLossAndEveryGradientMatchNumpy() throws {
        let wxh = Variable(try weights(hidden, vocabulary, 0.3))
        let whh = Variable(try weights(hidden, hidden, 1.1))
        let why = Variable(try weights(vocabulary, hidden, 2.0))
        let bh = Variable(try weights(1, hidden, 0.7, scale: 0.2).reshaped([hidden]))
        let by = Variable(try weights(1, vocabulary, 1.9, scale: 0.2).reshaped([vocabulary]))
        let h0 = Variable(Tensor([0.1, -0.2, 0.05]))

        var h = h0
        var loss = Variable(Tensor(0))
        for (ix, target) in zip(inputs, targets) {
            let x = Variable(try Tensor.oneHot([ix], depth: vocabulary).reshaped([vocabulary]))
            h = try (wxh.matmul(x) + whh.matmul(h) + bh).tanh()
            loss = try loss + (why.matmul(h) + by).crossEntropy(targets: [target])
        }
        XCTAssertEqual(loss.value.scalarValue ?? .nan, BPTTFixture.loss, accuracy: 1e-13)

        let d = try grads(loss, wrt: [wxh, whh, why, bh, by, h0])
        let expected: [(String, [Double])] = [
            ("dWxh", BPTTFixture.dWxh), ("dWhh", BPTTFixture.dWhh), ("dWhy", BPTTFixture.dWhy),
            ("dbh", BPTTFixture.dbh), ("dby", BPTTFixture.dby), ("dh0", BPTTFixture.dh0),
        ]
        for (derivative, (name, values)) in zip(d, expected) {
            assertTensorsClose(derivative.value, try Tensor(shape: derivative.value.shape, scalars: values), tolerance: 1e-13, name)
        }
    }
}
