import Autodiff
import TensorCore
import XCTest
import _TestSupport

/// Composites carry no derivative code; their gradients come from the
/// primitives they are built of and must still match finite differences.
/// Softmax and cross-entropy values are pinned to numbers computed with numpy.
final class CompositeGradientTests: XCTestCase {
    private var generator = RandomGenerator(seed: 7)
    private func randn(_ shape: [Int]) throws -> Tensor { try Tensor.randn(shape, using: &generator) }

    func testMeanAndNormGradients() throws {
        for shape in [[5], [3, 4], [2, 3, 2]] {
            assertGradientsMatch({ try $0[0].mean() }, at: [try randn(shape)], "mean \(shape)")
            assertGradientsMatch({ try $0[0].norm() }, at: [try randn(shape)], "norm \(shape)")
        }
        let x = try randn([3, 4])
        assertGradientsMatch({ try $0[0].mean(axis: 1) }, at: [x])
        assertGradientsMatch({ try $0[0].mean(axis: 0, keepDims: true) }, at: [x])
    }

    func testNormMatchesTheDefinitionAndDoesNotOverflow() throws {
        // ‖(3, 4)‖ = 5 and ∂‖x‖/∂x = x/‖x‖ = (0.6, 0.8).
        let x = Variable(Tensor([3, 4]))
        let n = try x.norm()
        XCTAssertEqual(n.value.scalarValue ?? .nan, 5, accuracy: 1e-15)
        assertTensorsClose(try grad(n, wrt: x).value, Tensor([0.6, 0.8]))
        // Squaring 3e200 would overflow; the scaled form does not.
        let big = try Variable(Tensor([3e200, 4e200])).norm()
        XCTAssertEqual((big.value.scalarValue ?? .nan) / 5e200, 1, accuracy: 1e-15)
    }

    func testMeanValues() throws {
        let x = Variable(try Tensor(rows: [[1, 2, 3], [4, 5, 9]]))
        XCTAssertEqual(try x.mean().value.scalarValue, 4)
        assertTensorsClose(try x.mean(axis: 1).value, Tensor([2, 6]))
        XCTAssertEqual(try x.mean(axis: 0, keepDims: true).value.shape, [1, 3])
    }

    func testSoftmaxAndLogSoftmaxGradients() throws {
        for axis in [0, 1, -1] {
            let x = try randn([3, 4])
            assertGradientsMatch({ try $0[0].softmax(axis: axis) }, at: [x], "softmax axis \(axis)")
            assertGradientsMatch({ try $0[0].logSoftmax(axis: axis) }, at: [x], "logSoftmax axis \(axis)")
        }
        assertGradientsMatch({ try $0[0].softmax() }, at: [try randn([6])])
    }

    func testSoftmaxOfLargeScoresIsFiniteAndShiftInvariant() throws {
        let large = try Variable(Tensor([1000, 1001, 1002])).softmax()
        let small = try Variable(Tensor([0, 1, 2])).softmax()
        XCTAssert(large.value.scalars.allSatisfy(\.isFinite))
        XCTAssertEqual(large.value, small.value, "the shift by the maximum makes both inputs identical")
        // numpy: exp(s − max s) / Σ exp(s − max s) for s = [0, 1, 2].
        let expected = Tensor([0.09003057317038046, 0.24472847105479764, 0.6652409557748218])
        assertTensorsClose(small.value, expected, tolerance: 1e-15)
        assertTensorsClose(large.value, expected, tolerance: 1e-15)
    }

    func testSaturatingFunctionsStayFiniteAtExtremeInputs() throws {
        // σ(±1000) is 1 or 0 and σ' = σ(1 − σ) is 0: no overflow, no NaN.
        let x = Variable(Tensor([-1000, 0, 1000]))
        let s = try x.sigmoid()
        XCTAssertEqual(s.value, Tensor([0, 0.5, 1]))
        XCTAssertEqual(try grad(s.sum(), wrt: x).value, Tensor([0, 0.25, 0]))
        let t = try x.tanh()
        XCTAssertEqual(try grad(t.sum(), wrt: x).value, Tensor([0, 1, 0]))
        // logsumexp of huge scores: value m + log 3, gradient 1/3 each.
        let big = Variable(Tensor([1e6, 1e6, 1e6]))
        let lse = try big.logsumexp()
        XCTAssertEqual(lse.value.scalarValue ?? .nan, 1e6 + 1.0986122886681098, accuracy: 1e-9)
        assertTensorsClose(try grad(lse, wrt: big).value, Tensor([1.0 / 3, 1.0 / 3, 1.0 / 3]), tolerance: 1e-15)
        let rows = Variable(try Tensor(rows: [[1e6, 1e6], [-1e6, -1e6]]))
        assertTensorsClose(try grad(rows.logsumexp(axis: 1).sum(), wrt: rows).value,
                           try Tensor(rows: [[0.5, 0.5], [0.5, 0.5]]), tolerance: 1e-15)
    }

    func testCrossEntropyValuesMatchNumpy() throws {
        // −log softmax([0, 1, 2])[t], from numpy.
        let scores = Tensor([0, 1, 2])
        XCTAssertEqual(try Variable(scores).crossEntropy(targets: [2]).value.scalarValue ?? .nan, 0.40760596444438046, accuracy: 1e-15)
        XCTAssertEqual(try Variable(scores).crossEntropy(targets: [0]).value.scalarValue ?? .nan, 2.40760596444438, accuracy: 1e-14)
        // Rows are summed, not averaged.
        let rows = try Tensor(rows: [[0, 1, 2], [1000, 1001, 1002]])
        let total = try Variable(rows).crossEntropy(targets: [2, 0])
        XCTAssertEqual(total.value.shape, [])
        XCTAssertEqual(total.value.scalarValue ?? .nan, 0.40760596444438046 + 2.40760596444438, accuracy: 1e-12)
    }

    func testCrossEntropyGradientIsSoftmaxMinusOneHot() throws {
        let scores = Variable(Tensor([0, 1, 2]))
        let g = try grad(scores.crossEntropy(targets: [1]), wrt: scores).value
        assertTensorsClose(g, Tensor([0.09003057317038046, 0.24472847105479764 - 1, 0.6652409557748218]), tolerance: 1e-15)
        assertGradientsMatch({ try $0[0].crossEntropy(targets: [3, 0, 1]) }, at: [try randn([3, 4])])
        assertGradientsMatch({ try $0[0].crossEntropy(targets: [4]) }, at: [try randn([5])])
    }

    func testCrossEntropyIgnoresMaskedClasses() throws {
        // A class with score −∞ has probability 0; the loss over the rest is finite:
        // −log softmax([0, 1])[1] = log(1 + e⁻¹) (numpy: 0.31326168751822286).
        let scores = Variable(Tensor([0, 1, -.infinity]))
        let loss = try scores.crossEntropy(targets: [1])
        XCTAssertEqual(loss.value.scalarValue ?? .nan, 0.31326168751822286, accuracy: 1e-15)
        let g = try grad(loss, wrt: scores).value
        XCTAssertEqual(g.scalars[2], 0)
        XCTAssert(g.scalars.allSatisfy(\.isFinite))
    }

    func testCrossEntropyRejectsBadTargets() {
        let scores = Variable(Tensor([0, 1, 2]))
        XCTAssertThrowsError(try scores.crossEntropy(targets: [3])) { error in
            XCTAssertEqual((error as? TensorError)?.kind, .indexOutOfRange)
        }
        XCTAssertThrowsError(try scores.crossEntropy(targets: [0, 1])) { error in
            XCTAssertEqual((error as? TensorError)?.kind, .shapeMismatch)
        }
        XCTAssertThrowsError(try Variable(Tensor(1)).crossEntropy(targets: [0]))
        XCTAssertThrowsError(try Variable(Tensor(1)).softmax())
    }

    func testOuterAndStack() throws {
        assertGradientsMatch({ try Variable.outer($0[0], $0[1]) }, at: [try randn([3]), try randn([4])])
        let a = try randn([2, 3]), b = try randn([2, 3])
        for axis in [0, 1, 2, -1] {
            assertGradientsMatch({ try Variable.stack([$0[0], $0[1], $0[0]], axis: axis) }, at: [a, b], "stack axis \(axis)")
        }
        let outer = try Variable.outer(Variable(Tensor([1, 2])), Variable(Tensor([3, 4, 5])))
        XCTAssertEqual(outer.value, try Tensor(rows: [[3, 4, 5], [6, 8, 10]]))
        XCTAssertThrowsError(try Variable.outer(Variable(Tensor([1, 2])), Variable(try Tensor.zeros([2, 2]))))
        XCTAssertThrowsError(try Variable.stack([Variable(Tensor([1, 2])), Variable(Tensor([1, 2, 3]))]))
        XCTAssertThrowsError(try Variable.stack([]))
    }

    func testArithmeticWithPlainNumbers() throws {
        let x = try randn([2, 3])
        assertGradientsMatch({ try 1 - $0[0] * 2 }, at: [x])
        assertGradientsMatch({ try ($0[0] + 0.5) / 3 }, at: [x])
        assertGradientsMatch({ try 1 / ($0[0].square() + 1) }, at: [x])
    }

    func testReusedNodesAccumulateGradients() throws {
        // y = x·x + x  ⇒  dy/dx = 2x + 1.
        let x = Variable(Tensor([1.5, -2]))
        let y = try (x * x + x).sum()
        assertTensorsClose(try grad(y, wrt: x).value, Tensor([4, -3]))
    }
}
