import Autodiff
import Recurrent
import TensorCore
import XCTest
import _TestSupport

/// Every cell: the native path and the recorded graph compute the same states
/// and gradients, and both agree with finite differences.
final class CellGradientTests: XCTestCase {
    func testElmanNativeAndGraphAgreeAndPassGradientChecks() throws {
        var g = RandomGenerator(seed: 1)
        try assertCellConsistent(ElmanCell(inputSize: 3, hiddenSize: 4, weightScale: 0.6, using: &g))
    }

    func testLSTMNativeAndGraphAgreeAndPassGradientChecks() throws {
        var g = RandomGenerator(seed: 2)
        try assertCellConsistent(LSTMCell(inputSize: 3, hiddenSize: 4, forgetBias: 0.5, weightScale: 0.6, using: &g))
    }

    func testGatedCellsNativeAndGraphAgreeAndPassGradientChecks() throws {
        for kind in GatedCellKind.allCases {
            var g = RandomGenerator(seed: 3)
            let inputSize = kind == .mut1 || kind == .mut2 ? 4 : 3
            let cell = try GatedCell(kind, inputSize: inputSize, hiddenSize: 4, weightScale: 0.7, using: &g)
            // Non-zero biases so every bias gradient path is exercised.
            var b = RandomGenerator(seed: 30)
            let params = try cell.parameters.map { p in p.rank == 1 ? try Tensor.rand(p.shape, low: -0.5, high: 0.5, using: &b) : p }
            try assertCellConsistent(cell.withParameters(params))
        }
    }
}
