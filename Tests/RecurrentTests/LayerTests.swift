import Autodiff
import Recurrent
import TensorCore
import XCTest
import _TestSupport

/// Stacking, the highway layer and the parameter bookkeeping of every cell.
final class LayerTests: XCTestCase {
    func testStackedElmanAndLSTMAgreeNativeGraphAndFiniteDifferences() throws {
        var g = RandomGenerator(seed: 11)
        try assertCellConsistent(StackedCells([
            ElmanCell(inputSize: 3, hiddenSize: 4, weightScale: 0.6, using: &g),
            ElmanCell(inputSize: 4, hiddenSize: 4, weightScale: 0.6, using: &g)]))
        try assertCellConsistent(StackedCells([
            LSTMCell(inputSize: 3, hiddenSize: 3, weightScale: 0.6, using: &g),
            LSTMCell(inputSize: 3, hiddenSize: 3, weightScale: 0.6, using: &g)]))
    }

    /// h_t^l = tanh(W^l [h_t^{l−1}; h_{t−1}^l] + b^l), computed here by hand with the concatenated W^l.
    func testStackedElmanMatchesTheConcatenatedWeightForm() throws {
        var g = RandomGenerator(seed: 12)
        let layers = try [ElmanCell(inputSize: 2, hiddenSize: 3, using: &g), ElmanCell(inputSize: 3, hiddenSize: 3, using: &g)]
        let stack = try StackedCells(layers)
        let xs = try (0..<4).map { _ in try Tensor.randn([1, 2], using: &g) }
        let trace = try stack.runNative(inputs: xs)
        var h = [try Tensor.zeros([3]), try Tensor.zeros([3])]
        for (t, x) in xs.enumerated() {
            var below = try x.reshaped([2])
            for l in 0..<2 {
                let w = try Tensor.concat([layers[l].wxh, layers[l].whh], axis: 1)
                h[l] = try (w.matmul(Tensor.concat([below, h[l]])) + layers[l].b).tanh()
                below = h[l]
            }
            assertTensorsClose(try trace.states[t + 1][0].reshaped([3]), h[1], tolerance: 1e-12, "top layer at step \(t + 1)")
            assertTensorsClose(try trace.states[t + 1][1].reshaped([3]), h[0], tolerance: 1e-12, "bottom layer at step \(t + 1)")
        }
        XCTAssertEqual(stack.stateNames, ["h2", "h1"])
        XCTAssertEqual(stack.parameterNames, ["l1.wxh", "l1.whh", "l1.b", "l2.wxh", "l2.whh", "l2.b"])
    }

    func testStackingRejectsMismatchedLayers() throws {
        var g = RandomGenerator(seed: 13)
        XCTAssertThrowsError(try StackedCells([ElmanCell(inputSize: 2, hiddenSize: 3, using: &g),
                                               ElmanCell(inputSize: 4, hiddenSize: 3, using: &g)]))
        XCTAssertThrowsError(try StackedCells([ElmanCell]()))
    }

    func testParameterCountsFollowTheFormulas() throws {
        var g = RandomGenerator(seed: 14)
        let (d, h) = (5, 7)
        XCTAssertEqual(try ElmanCell(inputSize: d, hiddenSize: h, using: &g).parameterCount, h * d + h * h + h)
        XCTAssertEqual(try LSTMCell(inputSize: d, hiddenSize: h, using: &g).parameterCount, 4 * h * (h + d) + 4 * h)
        XCTAssertEqual(try GatedCell(.gru, inputSize: d, hiddenSize: h, using: &g).parameterCount, 3 * (h * d + h * h + h))
        XCTAssertEqual(try GatedCell(.mut1, inputSize: h, hiddenSize: h, using: &g).parameterCount, 4 * h * h + 3 * h)
        XCTAssertEqual(try GatedCell(.mut2, inputSize: h, hiddenSize: h, using: &g).parameterCount, 5 * h * h + 3 * h)
        XCTAssertEqual(try GatedCell(.mut3, inputSize: d, hiddenSize: h, using: &g).parameterCount, 3 * h * d + 3 * h * h + 3 * h)
        XCTAssertEqual(try HighwayLayer(size: h, using: &g).parameterCount, 2 * h * h + 2 * h)
    }

    func testMutantsWithAnUnweightedInputNeedEqualSizes() throws {
        var g = RandomGenerator(seed: 15)
        XCTAssertThrowsError(try GatedCell(.mut1, inputSize: 3, hiddenSize: 4, using: &g)) { error in
            XCTAssertEqual((error as? TensorError)?.kind, .invalidArgument)
        }
        XCTAssertThrowsError(try GatedCell(.mut2, inputSize: 3, hiddenSize: 4, using: &g))
        XCTAssertNoThrow(try GatedCell(.mut3, inputSize: 3, hiddenSize: 4, using: &g))
    }

    func testSeededInitialisationIsReproducibleAndLSTMForgetBiasIsSet() throws {
        var a = RandomGenerator(seed: 16), b = RandomGenerator(seed: 16)
        XCTAssertEqual(try LSTMCell(inputSize: 2, hiddenSize: 3, using: &a), try LSTMCell(inputSize: 2, hiddenSize: 3, using: &b))
        let lstm = try LSTMCell(inputSize: 2, hiddenSize: 3, forgetBias: 1, using: &a)
        XCTAssertEqual(lstm.b.scalars, [0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0])
    }

    func testStepRejectsAWrongInputShape() throws {
        var g = RandomGenerator(seed: 17)
        let cell = try ElmanCell(inputSize: 3, hiddenSize: 2, using: &g)
        XCTAssertThrowsError(try cell.runNative(inputs: [Tensor([1, 2, 3])])) { error in
            XCTAssertEqual((error as? TensorError)?.kind, .shapeMismatch)
        }
        XCTAssertThrowsError(try cell.runNative(inputs: []))
    }

    func testHighwayNativeBackwardMatchesGraphAndFiniteDifferences() throws {
        var g = RandomGenerator(seed: 18)
        let layer = try HighwayLayer(size: 3, gateBias: -0.5, weightScale: 0.8, using: &g)
        let x = try Tensor.randn([2, 3], using: &g)
        let weights = try Tensor.randn([2, 3], using: &g)
        func graphLoss(_ v: [Variable]) throws -> Variable {
            try (layer.graphForward(v[0], parameters: Array(v[1...])) * Variable(weights)).sum()
        }
        let leaves = ([x] + layer.parameters).map(Variable.init)
        let loss = try graphLoss(leaves)
        let graphGrads = try grads(loss, wrt: leaves).map(\.value)
        assertTensorsClose(try layer.forward(x), try layer.graphForward(leaves[0], parameters: Array(leaves[1...])).value, tolerance: 1e-12)
        let native = try layer.backward(x, outputGradient: weights)
        for (k, (a, b)) in zip([native.input] + native.parameters, graphGrads).enumerated() {
            assertTensorsClose(a, b, tolerance: 1e-10, "highway leaf \(k)")
        }
        assertGradientsMatch(graphLoss, at: [x] + layer.parameters, tolerance: 1e-7)
        let numeric = try GradientChecker.centralDifferences({ v in
            let y = try HighwayLayer(parameters: Array(v[1...])).forward(v[0])
            return zip(y.scalars, weights.scalars).reduce(0) { $0 + $1.0 * $1.1 }
        }, at: [x] + layer.parameters)
        for (a, n) in zip([native.input] + native.parameters, numeric) {
            XCTAssertLessThan(GradientChecker.relativeError(a, n), 1e-7)
        }
    }

    /// With the gate shut (b_T → −∞) the layer is the identity; wide open it is H(x).
    func testHighwayLimitsAreIdentityAndTransform() throws {
        var g = RandomGenerator(seed: 19)
        let base = try HighwayLayer(size: 2, using: &g)
        let x = try Tensor(rows: [[0.3, -0.7]])
        var p = base.parameters
        p[3] = Tensor([-800, -800])
        assertTensorsClose(try HighwayLayer(parameters: p).forward(x), x, tolerance: 1e-15)
        p[3] = Tensor([800, 800])
        let transform = try (x.matmul(p[0].transposed()) + p[1]).tanh()
        assertTensorsClose(try HighwayLayer(parameters: p).forward(x), transform, tolerance: 1e-15)
    }
}

extension LayerTests {
    /// The raw native step API refuses buffers of the wrong size instead of trapping.
    func testNativeStepsRejectMismatchedBuffers() throws {
        var g = RandomGenerator(seed: 20)
        let lstm = try LSTMCell(inputSize: 2, hiddenSize: 3, using: &g)
        XCTAssertThrowsError(try lstm.nativeStep(input: [1, 2, 3], state: [[0, 0, 0], [0, 0, 0]], batch: 1))
        XCTAssertThrowsError(try lstm.nativeStep(input: [1, 2], state: [[0, 0, 0]], batch: 1))
        XCTAssertThrowsError(try lstm.nativeStep(input: [], state: [[], []], batch: 0))
        let record = try lstm.nativeStep(input: [1, 2], state: [[0, 0, 0], [0, 0, 0]], batch: 1)
        var grads = lstm.parameters.map { [Double](repeating: 0, count: $0.count) }
        XCTAssertNoThrow(try lstm.nativeStepBackward(record, input: [1, 2], state: [[0, 0, 0], [0, 0, 0]], batch: 1,
                                                     stateGradients: [[1, 0, 0], [0, 0, 0]], parameterGradients: &grads))
        XCTAssertThrowsError(try lstm.nativeStepBackward(record, input: [1, 2], state: [[0, 0, 0], [0, 0, 0]], batch: 1,
                                                         stateGradients: [[1, 0, 0]], parameterGradients: &grads))
        let elman = try ElmanCell(inputSize: 2, hiddenSize: 3, using: &g)
        let foreign = try elman.nativeStep(input: [1, 2], state: [[0, 0, 0]], batch: 1)
        XCTAssertThrowsError(try lstm.nativeStepBackward(foreign, input: [1, 2], state: [[0, 0, 0], [0, 0, 0]], batch: 1,
                                                         stateGradients: [[1, 0, 0], [0, 0, 0]], parameterGradients: &grads))
        var short = [[Double]]()
        XCTAssertThrowsError(try lstm.nativeStepBackward(record, input: [1, 2], state: [[0, 0, 0], [0, 0, 0]], batch: 1,
                                                         stateGradients: [[1, 0, 0], [0, 0, 0]], parameterGradients: &short))
        let stack = try StackedCells([elman, ElmanCell(inputSize: 3, hiddenSize: 3, using: &g)])
        var stackGrads = stack.parameters.map { [Double](repeating: 0, count: $0.count) }
        XCTAssertThrowsError(try stack.nativeStepBackward(foreign, input: [1, 2], state: [[0, 0, 0], [0, 0, 0]], batch: 1,
                                                          stateGradients: [[1, 0, 0], [0, 0, 0]], parameterGradients: &stackGrads))
    }
}

extension LayerTests {
    func testCellsByNameHaveTheRightTypeAndSize() throws {
        var g = RandomGenerator(seed: 24)
        let lstm = try AnyRecurrentCell(named: "LSTM", inputSize: 3, hiddenSize: 4, using: &g)
        XCTAssertTrue(lstm.base is LSTMCell)
        XCTAssertEqual(lstm.parameterCount, 4 * 4 * (4 + 3) + 4 * 4)
        let mut2 = try AnyRecurrentCell(named: "mut2", inputSize: 4, hiddenSize: 4, using: &g)
        XCTAssertEqual((mut2.base as? GatedCell)?.kind, .mut2)
        let stack = try AnyRecurrentCell(named: "rnn", inputSize: 3, hiddenSize: 4, layers: 3, using: &g)
        XCTAssertEqual(stack.stateNames, ["h3", "h2", "h1"])
        XCTAssertEqual(stack.parameterCount, (4 * 3 + 16 + 4) + 2 * (16 + 16 + 4))
        XCTAssertThrowsError(try AnyRecurrentCell(named: "transformer", inputSize: 3, hiddenSize: 4, using: &g))
        XCTAssertThrowsError(try AnyRecurrentCell(named: "gru", inputSize: 3, hiddenSize: 4, layers: 0, using: &g))
    }

    /// The type-erased cell computes exactly what the wrapped one does, in both paths.
    func testTypeErasedCellsPassTheCellChecks() throws {
        var g = RandomGenerator(seed: 25)
        try assertCellConsistent(AnyRecurrentCell(named: "gru", inputSize: 2, hiddenSize: 3, layers: 2, using: &g))
        let model = try SequenceModel(cell: AnyRecurrentCell(named: "lstm", inputSize: 2, hiddenSize: 3, using: &g), outputSize: 2, using: &g)
        let inputs = try (0..<3).map { _ in try Tensor.randn([1, 2], using: &g) }
        let graph = try BPTT.full(model, inputs: inputs, targets: [[0], [1], [1]])
        let native = try BPTT.fullNative(model, inputs: inputs, targets: [[0], [1], [1]])
        XCTAssertEqual(graph.loss, native.loss, accuracy: 1e-12)
        for (a, b) in zip(graph.gradients, native.gradients) { assertTensorsClose(a, b, tolerance: 1e-10) }
    }
}
