import Autodiff
import Foundation
import Recurrent
import TensorCore
import XCTest
import _TestSupport

/// Many-to-one, one-to-many, seq2seq and feature-conditioned models.
final class TopologyTests: XCTestCase {
    func tokenModel(vocabulary v: Int = 4, hidden: Int = 3, seed: UInt64 = 61) throws -> SequenceModel<ElmanCell> {
        var g = RandomGenerator(seed: seed)
        let cell = try ElmanCell(inputSize: v, hiddenSize: hidden, weightScale: 1.2, using: &g)
        return try SequenceModel(cell: cell, readout: Readout(hiddenSize: hidden, outputSize: v, weightScale: 1.5, using: &g))
    }

    func assertLossGradientsMatch(_ gradients: [Tensor], at parameters: [Tensor], _ loss: @escaping ([Tensor]) throws -> Double,
                                  file: StaticString = #filePath, line: UInt = #line) throws {
        let numeric = try GradientChecker.centralDifferences(loss, at: parameters)
        for (k, (a, n)) in zip(gradients, numeric).enumerated() {
            XCTAssertLessThan(GradientChecker.relativeError(a, n), 1e-7, "parameter \(k)", file: file, line: line)
        }
    }

    func testManyToOneHasALossOnlyAtTheLastStep() throws {
        var g = RandomGenerator(seed: 62)
        let model = try SequenceModel(cell: LSTMCell(inputSize: 2, hiddenSize: 3, using: &g), outputSize: 2, using: &g)
        let inputs = try (0..<4).map { _ in try Tensor.randn([1, 2], using: &g) }
        let result = try Topology.manyToOne(model, inputs: inputs, target: [1])
        XCTAssertEqual(result.stepLosses.prefix(3), [0, 0, 0])
        let expected = try result.scores[3].crossEntropy(targets: [1]).scalarValue ?? .nan
        XCTAssertEqual(result.loss, expected, accuracy: 1e-14)
        try assertLossGradientsMatch(result.gradients, at: model.parameters) { p in
            try Topology.manyToOne(model.withParameters(p), inputs: inputs, target: [1]).loss
        }
    }

    func testOneToManyInputsAndGradients() throws {
        let model = try tokenModel()
        let first = try Tensor(rows: [[0.5, -1, 0.25, 2]])
        let zeros = try Topology.oneToManyInputs(first: first, targets: [2, 0, 3], followUp: .zeros, inputSize: 4)
        XCTAssertEqual(zeros.map(\.scalars), [first.scalars, [0, 0, 0, 0], [0, 0, 0, 0]])
        let fed = try Topology.oneToManyInputs(first: first, targets: [2, 0, 3], followUp: .previousToken, inputSize: 4)
        XCTAssertEqual(fed.map(\.scalars), [first.scalars, [0, 0, 1, 0], [1, 0, 0, 0]])
        for followUp in [FollowUpInput.zeros, .previousToken] {
            let result = try Topology.oneToMany(model, first: first, targets: [2, 0, 3], followUp: followUp)
            XCTAssertEqual(result.stepLosses.count, 3)
            try assertLossGradientsMatch(result.gradients, at: model.parameters) { p in
                try Topology.oneToMany(model.withParameters(p), first: first, targets: [2, 0, 3], followUp: followUp).loss
            }
        }
    }

    /// Student forcing: each later input is the one-hot of the argmax of the previous step's scores.
    func testStudentForcingFeedsBackThePredictions() throws {
        let model = try tokenModel(seed: 70)
        let first = try Tensor(rows: [[0, 0, 1, 0]])
        let targets = [1, 3, 0, 2]
        let result = try Topology.oneToMany(model, first: first, targets: targets, followUp: .previousPrediction)
        // Rebuild the inputs from the reported scores and replay with teacher forcing on those tokens.
        let predicted = result.scores.map { s in s.scalars.firstIndex(of: s.scalars.max() ?? .nan) ?? -1 }
        let inputs = try Topology.oneToManyInputs(first: first, targets: predicted, followUp: .previousToken, inputSize: 4)
        let replay = try BPTT.full(model, inputs: inputs, targets: targets.map { [$0] })
        XCTAssertEqual(result.loss, replay.loss, accuracy: 1e-13)
        let teacher = try Topology.oneToMany(model, first: first, targets: targets, followUp: .previousToken)
        XCTAssertNotEqual(predicted.dropLast(), targets.dropLast(), "the test needs predictions that differ from the targets")
        XCTAssertGreaterThan(Swift.abs(teacher.loss - result.loss), 1e-6)
    }

    /// Greedy generation picks, at every step, the argmax of the scores the recorded graph
    /// computes for the same fed-back inputs; END stops it.
    func testGreedyGenerationFollowsTheGraphScoresAndStopsAtEnd() throws {
        let model = try tokenModel()
        let first = try Tensor(rows: [[1, 0, 0, 0]])
        var g = RandomGenerator(seed: 63)
        let tokens = try Topology.generate(model, first: first, followUp: .previousToken, maxLength: 6, using: &g)
        XCTAssertEqual(tokens.count, 6)
        let replay = try Topology.oneToMany(model, first: first, targets: tokens, followUp: .previousToken)
        for (t, scores) in replay.scores.enumerated() {
            let row = scores.scalars
            XCTAssertEqual(row.firstIndex(of: row.max() ?? .nan), tokens[t], "step \(t)")
        }
        let stop = tokens[2]
        let cut = try Topology.generate(model, first: first, followUp: .previousToken, maxLength: 6, endToken: stop, using: &g)
        XCTAssertEqual(cut, Array(tokens.prefix(while: { $0 != stop })))
    }

    /// Temperature sampling draws from softmax(scores / τ): frequencies over many seeded draws match.
    func testTemperatureSamplingFollowsTheSoftmax() throws {
        let model = try tokenModel()
        let first = try Tensor(rows: [[0, 1, 0, 0]])
        let scores = try Topology.oneToMany(model, first: first, targets: [0]).scores[0]
        let tau = 1.5
        let expected = try (scores * Tensor(1 / tau)).softmax().scalars
        var g = RandomGenerator(seed: 64)
        var counts = [Double](repeating: 0, count: 4)
        let draws = 4000
        for _ in 0..<draws {
            let token = try Topology.generate(model, first: first, maxLength: 1, choice: .temperature(tau), using: &g)
            if let t = token.first { counts[t] += 1 }
        }
        for k in 0..<4 { XCTAssertEqual(counts[k] / Double(draws), expected[k], accuracy: 0.03, "token \(k)") }
        var a = RandomGenerator(seed: 65), b = RandomGenerator(seed: 65)
        XCTAssertEqual(try Topology.generate(model, first: first, maxLength: 8, choice: .temperature(1), using: &a),
                       try Topology.generate(model, first: first, maxLength: 8, choice: .temperature(1), using: &b))
        XCTAssertEqual(try Topology.generate(model, first: first, followUp: .previousToken, maxLength: 8, choice: .temperature(1e-6), using: &a),
                       try Topology.generate(model, first: first, followUp: .previousToken, maxLength: 8, using: &b))
        XCTAssertThrowsError(try Topology.generate(model, first: first, maxLength: 2, choice: .temperature(0), using: &a))
    }

    func makeSeq2Seq() throws -> (Seq2Seq<LSTMCell, LSTMCell>, [Tensor]) {
        var g = RandomGenerator(seed: 66)
        let encoder = try LSTMCell(inputSize: 2, hiddenSize: 2, weightScale: 0.9, using: &g)
        let decoder = try SequenceModel(cell: LSTMCell(inputSize: 5, hiddenSize: 2, weightScale: 0.9, using: &g),
                                        readout: Readout(hiddenSize: 2, outputSize: 5, weightScale: 1.5, using: &g))
        let source = try (0..<3).map { _ in try Tensor.randn([1, 2], using: &g) }
        return (try Seq2Seq(encoder: encoder, decoder: decoder, startToken: 0, endToken: 1), source)
    }

    func testSeq2SeqDecoderStartsFromTheEncoderFinalState() throws {
        let (model, source) = try makeSeq2Seq()
        let result = try model.loss(source: source, target: [3, 2, 4])
        let encoded = try model.encoder.runNative(inputs: source).finalState
        for (a, b) in zip(result.encoderFinalState, encoded) { assertTensorsClose(a, b, tolerance: 1e-13) }
        let (inputs, targets) = try model.decoderSequence(target: [3, 2, 4])
        XCTAssertEqual(targets, [3, 2, 4, 1])
        XCTAssertEqual(inputs.map { $0.scalars.firstIndex(of: 1) }, [0, 3, 2, 4])
        let decoderOnly = try BPTT.full(model.decoder, inputs: inputs, targets: targets.map { [$0] }, initialState: encoded)
        XCTAssertEqual(result.loss, decoderOnly.loss, accuracy: 1e-12)
        for (a, b) in zip(result.decoderGradients, decoderOnly.gradients) { assertTensorsClose(a, b, tolerance: 1e-12) }
        XCTAssertGreaterThan(result.encoderGradients[0].scalars.map(Swift.abs).max() ?? 0, 1e-4)
        try assertLossGradientsMatch(result.encoderGradients + result.decoderGradients, at: model.parameters) { p in
            try model.withParameters(p).loss(source: source, target: [3, 2, 4]).loss
        }
    }

    func testSeq2SeqTranslationIsGreedyOverTheGraphScores() throws {
        let (model, source) = try makeSeq2Seq()
        var g = RandomGenerator(seed: 67)
        let output = try model.translate(source: source, maxLength: 5, using: &g)
        XCTAssertFalse(output.contains(1))
        let scored = try model.loss(source: source, target: output)
        // Every emitted token was the most likely one; if generation stopped early, END was.
        let decoderInputs = try model.decoderSequence(target: output).inputs
        let replay = try BPTT.full(model.decoder, inputs: decoderInputs, targets: decoderInputs.map { _ in [0] },
                                   initialState: scored.encoderFinalState)
        for (t, scores) in replay.scores.enumerated() {
            let row = scores.scalars
            let best = row.firstIndex(of: row.max() ?? .nan)
            if t < output.count { XCTAssertEqual(best, output[t]) } else if output.count < 5 { XCTAssertEqual(best, 1) }
        }
        XCTAssertThrowsError(try Seq2Seq(encoder: model.encoder, decoder: model.decoder, startToken: 2, endToken: 2))
    }

    func makeCaptioner() throws -> ConditionedModel<ElmanCell> {
        var g = RandomGenerator(seed: 68)
        let cell = try ElmanCell(inputSize: 5 + 3, hiddenSize: 4, weightScale: 0.9, using: &g)
        let model = try SequenceModel(cell: cell, outputSize: 5, using: &g)
        return try ConditionedModel(model: model, featureSize: 3, startToken: 0, endToken: 1)
    }

    /// h_1 = tanh(W_xh·onehot(START) + W_hh·0 + W_ih·v + b), computed by hand.
    func testConditionedStepIsTheCaptioningEquation() throws {
        let captioner = try makeCaptioner()
        let v = Tensor([0.4, -1.1, 0.7])
        let result = try captioner.loss(feature: v, caption: [2, 4])
        let cell = captioner.model.cell
        let start = try Tensor.oneHot([0], depth: 5).reshaped([5])
        let h1 = try (captioner.wxh().matmul(start) + captioner.wih().matmul(v) + cell.b).tanh()
        assertTensorsClose(try result.hs[0].reshaped([4]), h1, tolerance: 1e-14)
        let h2 = try (captioner.wxh().matmul(Tensor.oneHot([2], depth: 5).reshaped([5]))
                      + cell.whh.matmul(h1) + captioner.wih().matmul(v) + cell.b).tanh()
        assertTensorsClose(try result.hs[1].reshaped([4]), h2, tolerance: 1e-14)
        XCTAssertEqual(result.stepLosses.count, 3)
        try assertLossGradientsMatch(result.gradients, at: captioner.model.parameters) { p in
            try ConditionedModel(model: captioner.model.withParameters(p), featureSize: 3, startToken: 0, endToken: 1)
                .loss(feature: v, caption: [2, 4]).loss
        }
    }

    /// START and END must be two different tokens of the vocabulary, for both decoders.
    func testStartAndEndMustBeDifferentTokensOfTheVocabulary() throws {
        let (seq2seq, _) = try makeSeq2Seq()
        let captioner = try makeCaptioner()
        for (start, end) in [(2, 2), (-1, 1), (0, 5), (5, 0)] {
            XCTAssertThrowsError(try Seq2Seq(encoder: seq2seq.encoder, decoder: seq2seq.decoder, startToken: start, endToken: end)) { error in
                XCTAssertEqual(error as? TensorError, TensorError(.invalidArgument, "seq2seq", "START \(start) and END \(end) must be different tokens below 5"))
            }
            XCTAssertThrowsError(try ConditionedModel(model: captioner.model, featureSize: 3, startToken: start, endToken: end)) { error in
                XCTAssertEqual(error as? TensorError, TensorError(.invalidArgument, "conditioned_model", "START \(start) and END \(end) must be different tokens below 5"))
            }
        }
        XCTAssertNoThrow(try ConditionedModel(model: captioner.model, featureSize: 3, startToken: 4, endToken: 0))
    }

    func testCaptionSamplingStopsAtEndAndRespectsTheLimit() throws {
        let captioner = try makeCaptioner()
        var p = captioner.model.parameters
        // A readout bias that makes END overwhelmingly likely: the caption is empty.
        p[p.count - 1] = Tensor([0, 50, 0, 0, 0])
        let ending = try ConditionedModel(model: captioner.model.withParameters(p), featureSize: 3, startToken: 0, endToken: 1)
        var g = RandomGenerator(seed: 69)
        XCTAssertEqual(try ending.sample(feature: Tensor([1, 2, 3]), maxLength: 10, using: &g), [])
        // A bias for token 3 only: the caption is 3, 3, 3 … up to the limit.
        p[p.count - 1] = Tensor([0, 0, 0, 50, 0])
        let repeating = try ConditionedModel(model: captioner.model.withParameters(p), featureSize: 3, startToken: 0, endToken: 1)
        XCTAssertEqual(try repeating.sample(feature: Tensor([1, 2, 3]), maxLength: 4, choice: .temperature(1), using: &g), [3, 3, 3, 3])
        XCTAssertThrowsError(try captioner.sample(feature: Tensor([1, 2]), maxLength: 3, using: &g))
    }

    func testNativeSeq2SeqAndCaptionLossesMatchTheGraph() throws {
        let (model, source) = try makeSeq2Seq()
        let graph = try model.loss(source: source, target: [3, 2, 4])
        let native = try model.lossNative(source: source, target: [3, 2, 4])
        XCTAssertEqual(graph.loss, native.loss, accuracy: 1e-12)
        for (a, b) in zip(graph.encoderGradients + graph.decoderGradients, native.encoderGradients + native.decoderGradients) {
            assertTensorsClose(a, b, tolerance: 1e-10)
        }
        let captioner = try makeCaptioner()
        let v = Tensor([0.4, -1.1, 0.7])
        let g = try captioner.loss(feature: v, caption: [2, 4, 3])
        let n = try captioner.loss(feature: v, caption: [2, 4, 3], native: true)
        XCTAssertEqual(g.loss, n.loss, accuracy: 1e-12)
        for (a, b) in zip(g.gradients, n.gradients) { assertTensorsClose(a, b, tolerance: 1e-10) }
    }
}
