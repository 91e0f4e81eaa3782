import Autodiff
import Foundation
import Recurrent
import TensorCore
import XCTest
import _TestSupport

/// Full and truncated backpropagation through time on the recorded graph.
final class BPTTTests: XCTestCase {
    func makeModel(seed: UInt64 = 21) throws -> (SequenceModel<ElmanCell>, [Tensor], [[Int]?]) {
        var g = RandomGenerator(seed: seed)
        let cell = try ElmanCell(inputSize: 3, hiddenSize: 4, weightScale: 0.8, using: &g)
        let model = try SequenceModel(cell: cell, outputSize: 3, using: &g)
        let inputs = try (0..<5).map { _ in try Tensor.randn([2, 3], using: &g) }
        let targets: [[Int]?] = (0..<5).map { t in [t % 3, (t + 1) % 3] }
        return (model, inputs, targets)
    }

    func testFullBPTTEqualsTheSumOfPerStepContributions() throws {
        let (model, inputs, targets) = try makeModel()
        let full = try BPTT.full(model, inputs: inputs, targets: targets)
        var summed = model.parameters.map { Tensor.zeros(like: $0) }
        var lossSum = 0.0
        for t in 0..<inputs.count {
            let only = targets.indices.map { $0 == t ? targets[$0] : nil }
            let single = try BPTT.full(model, inputs: inputs, targets: only)
            summed = try zip(summed, single.gradients).map { try $0 + $1 }
            lossSum += single.loss
            XCTAssertEqual(single.loss, full.stepLosses[t], accuracy: 1e-12)
        }
        XCTAssertEqual(full.loss, lossSum, accuracy: 1e-12)
        for (a, b) in zip(full.gradients, summed) { assertTensorsClose(a, b, tolerance: 1e-12) }
    }

    func testFullBPTTGradientsMatchFiniteDifferencesOfTheLoss() throws {
        let (model, inputs, targets) = try makeModel(seed: 22)
        let full = try BPTT.full(model, inputs: inputs, targets: targets)
        let numeric = try GradientChecker.centralDifferences({ p in
            try BPTT.full(model.withParameters(p), inputs: inputs, targets: targets).loss
        }, at: model.parameters)
        for (k, (a, n)) in zip(full.gradients, numeric).enumerated() {
            XCTAssertLessThan(GradientChecker.relativeError(a, n), 1e-7, model.parameterNames[k])
        }
        // The loss is the summed cross-entropy of the scores, recomputed here with TensorCore.
        var loss = 0.0
        for (scores, target) in zip(full.scores, targets) {
            loss += try scores.crossEntropy(targets: target ?? []).scalarValue ?? .nan
        }
        XCTAssertEqual(full.loss, loss, accuracy: 1e-12)
    }

    func testTruncatedWithLongBackpropEqualsFullBPTT() throws {
        let (model, inputs, targets) = try makeModel()
        let full = try BPTT.full(model, inputs: inputs, targets: targets)
        for k1 in [5, 2, 1] {
            let truncated = try BPTT.truncated(model, inputs: inputs, targets: targets, k1: k1, k2: 5)
            XCTAssertEqual(truncated.chunks.count, (5 + k1 - 1) / k1)
            XCTAssertEqual(truncated.loss, full.loss, accuracy: 1e-12)
            for (a, b) in zip(truncated.summedGradients, full.gradients) {
                assertTensorsClose(a, b, tolerance: 1e-12, "k1 = \(k1)")
            }
            assertTensorsClose(truncated.finalState[0], full.finalState[0], tolerance: 1e-14)
        }
    }

    /// A scalar network worked by hand: h_t = tanh(u·x_t + a·h_{t−1} + b), scores (v₀h + c₀, v₁h + c₁).
    /// With e_t = ∂L_t/∂h_t = Σ_j (p_j − [j = y_t])·v_j and d_t = 1 − h_t²:
    ///
    ///     full:          ∂L/∂a = Σ_t δ_t d_t h_{t−1},  δ_T = e_T,  δ_t = e_t + δ_{t+1} d_{t+1} a
    ///     k1 = k2 = 1:   ∂L/∂a = Σ_t e_t d_t h_{t−1}
    ///     k1 = 1, k2 = 2: ∂L/∂a = Σ_t e_t d_t (h_{t−1} + a d_{t−1} h_{t−2})
    func testTruncatedGradientsMatchTheHandDerivedScalarCase() throws {
        let (u, a, b) = (0.9, 0.7, 0.1)
        let (v, c) = ([1.3, -0.6], [0.2, -0.1])
        let xs = [0.5, -1.0, 0.8, 0.3]
        let ys = [1, 0, 0, 1]
        let cell = try ElmanCell(wxh: Tensor(rows: [[u]]), whh: Tensor(rows: [[a]]), b: Tensor([b]))
        let model = try SequenceModel(cell: cell, readout: Readout(why: Tensor(rows: [[v[0]], [v[1]]]), by: Tensor(c)))
        let inputs = try xs.map { try Tensor(rows: [[$0]]) }
        let targets: [[Int]?] = ys.map { [$0] }

        var h = [0.0]
        var e: [Double] = []
        for (x, y) in zip(xs, ys) {
            let ht = Foundation.tanh(u * x + a * (h.last ?? 0) + b)
            h.append(ht)
            let s = [v[0] * ht + c[0], v[1] * ht + c[1]]
            let m = Swift.max(s[0], s[1])
            let z = Foundation.exp(s[0] - m) + Foundation.exp(s[1] - m)
            let p = s.map { Foundation.exp($0 - m) / z }
            e.append((p[0] - (y == 0 ? 1 : 0)) * v[0] + (p[1] - (y == 1 ? 1 : 0)) * v[1])
        }
        let d = h.map { 1 - $0 * $0 }   // d[t] belongs to h[t]; h[0] = 0 is the initial state
        let steps = xs.count
        var delta = [Double](repeating: 0, count: steps + 2)
        var fullGrad = 0.0
        for t in stride(from: steps, through: 1, by: -1) {
            delta[t] = e[t - 1] + (t < steps ? delta[t + 1] * d[t + 1] * a : 0)
            fullGrad += delta[t] * d[t] * h[t - 1]
        }
        var oneStep = 0.0, twoSteps = 0.0
        for t in 1...steps {
            oneStep += e[t - 1] * d[t] * h[t - 1]
            twoSteps += e[t - 1] * d[t] * (h[t - 1] + (t >= 2 ? a * d[t - 1] * h[t - 2] : 0))
        }

        let whhIndex = 1
        let full = try BPTT.full(model, inputs: inputs, targets: targets)
        XCTAssertEqual(full.gradients[whhIndex].scalars[0], fullGrad, accuracy: 1e-12)
        let k11 = try BPTT.truncated(model, inputs: inputs, targets: targets, k1: 1, k2: 1)
        XCTAssertEqual(k11.summedGradients[whhIndex].scalars[0], oneStep, accuracy: 1e-12)
        let k12 = try BPTT.truncated(model, inputs: inputs, targets: targets, k1: 1, k2: 2)
        XCTAssertEqual(k12.summedGradients[whhIndex].scalars[0], twoSteps, accuracy: 1e-12)
        XCTAssertEqual(k12.chunks.map(\.window), [0..<1, 0..<2, 1..<3, 2..<4])
        // Truncation changes the gradient but not the forward pass.
        XCTAssertGreaterThan(Swift.abs(fullGrad - oneStep), 1e-3)
        XCTAssertEqual(k11.loss, full.loss, accuracy: 1e-12)
    }

    /// k2 < k1: a chunk of 3 steps backpropagates 1 step, so only its last loss is trained on.
    func testShortBackpropWindowTrainsOnlyTheChunksLastSteps() throws {
        let (model, inputs, targets) = try makeModel(seed: 23)
        let truncated = try BPTT.truncated(model, inputs: inputs, targets: targets, k1: 3, k2: 1)
        XCTAssertEqual(truncated.chunks.map(\.steps), [0..<3, 3..<5])
        XCTAssertEqual(truncated.chunks.map(\.window), [2..<3, 4..<5])
        let full = try BPTT.full(model, inputs: inputs, targets: targets)
        XCTAssertEqual(truncated.loss, full.stepLosses[2] + full.stepLosses[4], accuracy: 1e-12)
        assertTensorsClose(truncated.finalState[0], full.finalState[0], tolerance: 1e-14)
    }

    /// Updates run between chunks: the second chunk sees the updated parameters.
    func testUpdatesRunBetweenChunksAndCarryTheDetachedState() throws {
        let (model, inputs, targets) = try makeModel(seed: 24)
        var calls = 0
        let result = try BPTT.truncated(model, inputs: inputs, targets: targets, k1: 2, k2: 2) { m, g in
            calls += 1
            return try m.withParameters(zip(m.parameters, g).map { try $0 - $1 * Tensor(0.1) })
        }
        XCTAssertEqual(calls, 3)
        // Replay by hand: chunk 2 runs the once-updated model from the state after step 2.
        let first = try BPTT.full(model, inputs: Array(inputs[0..<2]), targets: Array(targets[0..<2]))
        let updated = try model.withParameters(zip(model.parameters, first.gradients).map { try $0 - $1 * Tensor(0.1) })
        let second = try BPTT.full(updated, inputs: Array(inputs[2..<4]), targets: Array(targets[2..<4]), initialState: first.finalState)
        XCTAssertEqual(result.chunks[1].loss, second.loss, accuracy: 1e-12)
        for (a, b) in zip(result.chunks[1].gradients, second.gradients) { assertTensorsClose(a, b, tolerance: 1e-12) }
    }

    func testBPTTRejectsMismatchedTargetsAndBadWindows() throws {
        let (model, inputs, targets) = try makeModel()
        XCTAssertThrowsError(try BPTT.full(model, inputs: inputs, targets: Array(targets.dropLast())))
        XCTAssertThrowsError(try BPTT.truncated(model, inputs: inputs, targets: targets, k1: 0, k2: 2))
        XCTAssertThrowsError(try BPTT.full(model, inputs: inputs, targets: inputs.map { _ in nil }))
    }
}

/// The native BPTT fast path against the recorded graph, for every cell.
final class NativeBPTTTests: XCTestCase {
    func assertNativeMatchesGraph<Cell: RecurrentCell>(_ cell: Cell, seed: UInt64, file: StaticString = #filePath, line: UInt = #line) throws {
        var g = RandomGenerator(seed: seed)
        let model = try SequenceModel(cell: cell, outputSize: 4, using: &g)
        let inputs = try (0..<4).map { _ in try Tensor.randn([2, cell.inputSize], using: &g) }
        let targets: [[Int]?] = [[0, 3], nil, [2, 2], [1, 0]]
        let start = try cell.stateNames.map { _ in try Tensor.rand([2, cell.hiddenSize], low: -0.5, high: 0.5, using: &g) }
        let graph = try BPTT.full(model, inputs: inputs, targets: targets, initialState: start)
        let native = try BPTT.fullNative(model, inputs: inputs, targets: targets, initialState: start)
        XCTAssertEqual(native.loss, graph.loss, accuracy: 1e-10, file: file, line: line)
        XCTAssertEqual(native.stepLosses[1], 0, file: file, line: line)
        for (a, b) in zip(native.gradients + native.initialStateGradients, graph.gradients + graph.initialStateGradients) {
            assertTensorsClose(a, b, tolerance: 1e-10, file: file, line: line)
        }
        for (a, b) in zip(native.scores, graph.scores) { assertTensorsClose(a, b, tolerance: 1e-12, file: file, line: line) }
    }

    func testNativeBPTTMatchesTheGraphForEveryCell() throws {
        var g = RandomGenerator(seed: 71)
        try assertNativeMatchesGraph(ElmanCell(inputSize: 3, hiddenSize: 4, using: &g), seed: 1)
        try assertNativeMatchesGraph(LSTMCell(inputSize: 3, hiddenSize: 4, using: &g), seed: 2)
        for kind in GatedCellKind.allCases {
            try assertNativeMatchesGraph(GatedCell(kind, inputSize: 4, hiddenSize: 4, using: &g), seed: 3)
        }
        try assertNativeMatchesGraph(StackedCells([GatedCell(.gru, inputSize: 3, hiddenSize: 4, using: &g),
                                                   GatedCell(.gru, inputSize: 4, hiddenSize: 4, using: &g)]), seed: 4)
    }
}

extension NativeBPTTTests {
    /// Truncated BPTT on the native path gives the graph path's chunks, for an LSTM (two carried states).
    func testNativeTruncatedMatchesGraphTruncatedForAnLSTM() throws {
        var g = RandomGenerator(seed: 72)
        let model = try SequenceModel(cell: LSTMCell(inputSize: 2, hiddenSize: 3, using: &g), outputSize: 3, using: &g)
        let inputs = try (0..<7).map { _ in try Tensor.randn([1, 2], using: &g) }
        let targets: [[Int]?] = (0..<7).map { [$0 % 3] }
        let step: (SequenceModel<LSTMCell>, [Tensor]) throws -> SequenceModel<LSTMCell> = { m, grads in
            try m.withParameters(zip(m.parameters, grads).map { try $0 - $1 * Tensor(0.05) })
        }
        for (k1, k2) in [(2, 3), (3, 1), (1, 1), (7, 7)] {
            let graph = try BPTT.truncated(model, inputs: inputs, targets: targets, k1: k1, k2: k2, update: step)
            let native = try BPTT.truncated(model, inputs: inputs, targets: targets, k1: k1, k2: k2, native: true, update: step)
            XCTAssertEqual(graph.chunks.map(\.window), native.chunks.map(\.window))
            XCTAssertEqual(graph.loss, native.loss, accuracy: 1e-10)
            for (a, b) in zip(graph.chunks, native.chunks) {
                for (x, y) in zip(a.gradients, b.gradients) { assertTensorsClose(x, y, tolerance: 1e-10, "k1 \(k1) k2 \(k2)") }
            }
            for (x, y) in zip(graph.finalState, native.finalState) { assertTensorsClose(x, y, tolerance: 1e-12) }
        }
        let full = try BPTT.fullNative(model, inputs: inputs, targets: targets)
        let long = try BPTT.truncated(model, inputs: inputs, targets: targets, k1: 3, k2: 7, native: true)
        for (a, b) in zip(long.summedGradients, full.gradients) { assertTensorsClose(a, b, tolerance: 1e-12) }
    }
}
