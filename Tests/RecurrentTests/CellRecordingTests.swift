import Recurrent
import TensorCore
import XCTest
import _TestSupport

/// Recording activations, gate saturation and unit–feature correlation.
final class CellRecordingTests: XCTestCase {
    /// Unit 2 of an Elman cell is wired to compute tanh(3·f_t) from input 0 only,
    /// so for a 0/1 feature it is an affine function of the feature: r = 1 exactly.
    func testTheUnitWiredToTheFeatureIsFoundWithCorrelationOne() throws {
        let text = "say \"hi there\" now \"ok\" done"
        let feature = TextFeatures.insideQuotes(text)
        var g = RandomGenerator(seed: 51)
        var wxh = try Tensor.randn([5, 2], using: &g).scalars
        var whh = try Tensor.randn([5, 5], using: &g).scalars.map { $0 * 0.4 }
        wxh[4] = 3; wxh[5] = 0              // row 2: only input 0
        for j in 0..<5 { whh[2 * 5 + j] = 0 } // row 2: no recurrence
        let cell = try ElmanCell(wxh: Tensor(shape: [5, 2], scalars: wxh), whh: Tensor(shape: [5, 5], scalars: whh), b: Tensor.zeros([5]))
        let inputs = try feature.map { f in try Tensor(rows: [[f, g.nextNormal()]]) }
        let recording = try CellRecording(cell: cell, inputs: inputs)
        XCTAssertEqual(recording.hs.shape, [text.count, 5])
        let ranked = try recording.mostCorrelated(with: feature, top: 5)
        XCTAssertEqual(ranked.first?.unit, 2)
        XCTAssertEqual(ranked.first?.r ?? 0, 1, accuracy: 1e-12)
        XCTAssertEqual(ranked.count, 5)
        XCTAssertTrue(ranked.dropFirst().allSatisfy { Swift.abs($0.r) < 0.999 })
        XCTAssertThrowsError(try recording.mostCorrelated(with: [1, 0]))
        XCTAssertThrowsError(try recording.mostCorrelated(with: feature, state: "c"))
    }

    func testFeaturesOfText() {
        XCTAssertEqual(TextFeatures.insideQuotes("a\"bc\"d"), [0, 1, 1, 1, 0, 0])
        XCTAssertEqual(TextFeatures.positionInLine("ab\ncd"), [0, 1, 2, 0, 1])
    }

    func testPearsonAgainstHandValues() {
        // a = (1, 2, 3), b = (2, 4, 7): deviations (−1, 0, 1) and (−7/3, −1/3, 8/3);
        // Σab = 5, Σaa = 2, Σbb = 114/9, r = 5 / √(2 · 114/9) = 15 / √228.
        XCTAssertEqual(pearson([1, 2, 3], [2, 4, 7]), 15 / 228.0.squareRoot(), accuracy: 1e-15)
        XCTAssertEqual(pearson([1, 2, 3], [3, 2, 1]), -1, accuracy: 1e-15)
        XCTAssertEqual(pearson([1, 1, 1], [3, 2, 1]), 0)
    }

    /// Zero weights and biases (+20, −20, 0, 0) fix i ≈ 1, f ≈ 0, o = 0.5, g = 0.
    func testLSTMGateSaturationOnAConstructedCell() throws {
        let h = 3, d = 2
        var bias = [Double](repeating: 0, count: 4 * h)
        for j in 0..<h { bias[j] = 20; bias[h + j] = -20 }
        let cell = try LSTMCell(w: Tensor.zeros([4 * h, h + d]), b: Tensor(bias))
        var g = RandomGenerator(seed: 52)
        let inputs = try (0..<6).map { _ in try Tensor.randn([1, d], using: &g) }
        let recording = try CellRecording(cell: cell, inputs: inputs)
        let saturation = recording.saturation()
        XCTAssertEqual(saturation.map(\.gate), ["i", "f", "o", "g"])
        XCTAssertEqual(saturation.map(\.rightFraction), [1, 0, 0, 0])
        XCTAssertEqual(saturation.map(\.leftFraction), [0, 1, 0, 1])   // g = tanh(0) = 0 < 0.1
        XCTAssertEqual(saturation[0].unitRightFractions, [1, 1, 1])
        XCTAssertEqual(recording.cs?.shape, [6, h])
        XCTAssertEqual(recording.gates[2].scalars.allSatisfy { $0 == 0.5 }, true)
    }

    /// Recording the GRU gives its r and z gates and matches the trace it came from.
    func testRecordingKeepsTheHiddenStatesOfTheRun() throws {
        var g = RandomGenerator(seed: 53)
        let cell = try GatedCell(.gru, inputSize: 2, hiddenSize: 3, using: &g)
        let inputs = try (0..<4).map { _ in try Tensor.randn([1, 2], using: &g) }
        let recording = try CellRecording(cell: cell, inputs: inputs)
        let trace = try cell.runNative(inputs: inputs)
        XCTAssertEqual(recording.gateNames, ["r", "z"])
        XCTAssertNil(recording.cs)
        assertTensorsClose(try recording.hs.indexed([.at(3)]), try trace.hs[3].reshaped([3]))
        XCTAssertThrowsError(try CellRecording(cell: cell, inputs: [Tensor.zeros([2, 2])]))
    }
}
