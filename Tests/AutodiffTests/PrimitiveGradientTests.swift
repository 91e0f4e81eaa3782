import Autodiff
import TensorCore
import XCTest
import _TestSupport

/// Every differentiable primitive agrees with central differences to a
/// relative error below 1e-7, on several shapes including broadcasting.
final class PrimitiveGradientTests: XCTestCase {
    private var generator = RandomGenerator(seed: 42)

    private func randn(_ shape: [Int]) throws -> Tensor { try Tensor.randn(shape, using: &generator) }

    /// Values in [low, high), for functions with a restricted domain (log, sqrt) or kinks (abs, relu).
    private func rand(_ shape: [Int], _ low: Double, _ high: Double) throws -> Tensor {
        try Tensor.rand(shape, low: low, high: high, using: &generator)
    }

    /// Values bounded away from 0 in magnitude, with random signs: safe for kinks at 0.
    private func awayFromZero(_ shape: [Int]) throws -> Tensor {
        let magnitudes = try rand(shape, 0.2, 2)
        let signs = try rand(shape, -1, 1).map { $0 < 0 ? -1 : 1 }
        return try magnitudes * signs
    }

    private let shapes: [[Int]] = [[], [5], [3, 4], [2, 3, 2]]

    // MARK: Arithmetic

    func testAddSubtractMultiplyDivideOnEqualShapes() throws {
        for shape in shapes {
            let a = try randn(shape), b = try awayFromZero(shape)
            assertGradientsMatch({ try $0[0] + $0[1] }, at: [a, b], "add \(shape)")
            assertGradientsMatch({ try $0[0] - $0[1] }, at: [a, b], "subtract \(shape)")
            assertGradientsMatch({ try $0[0] * $0[1] }, at: [a, b], "multiply \(shape)")
            assertGradientsMatch({ try $0[0] / $0[1] }, at: [a, b], "divide \(shape)")
        }
    }

    func testBinaryOpsUnbroadcastTheirGradients() throws {
        let pairs: [([Int], [Int])] = [([3, 1], [1, 4]), ([2, 3], [3]), ([], [3, 4]), ([4, 3], []), ([2, 1, 3], [4, 1])]
        for (sa, sb) in pairs {
            let a = try awayFromZero(sa), b = try awayFromZero(sb)
            assertGradientsMatch({ try $0[0] + $0[1] }, at: [a, b], "add \(sa) \(sb)")
            assertGradientsMatch({ try $0[0] - $0[1] }, at: [a, b], "subtract \(sa) \(sb)")
            assertGradientsMatch({ try $0[0] * $0[1] }, at: [a, b], "multiply \(sa) \(sb)")
            assertGradientsMatch({ try $0[0] / $0[1] }, at: [a, b], "divide \(sa) \(sb)")
            assertGradientsMatch({ try $0[0].maximum($0[1]) }, at: [a, b], "maximum \(sa) \(sb)")
            assertGradientsMatch({ try $0[0].minimum($0[1]) }, at: [a, b], "minimum \(sa) \(sb)")
        }
    }

    func testMaximumAndMinimumOnEqualShapes() throws {
        for shape in shapes {
            let a = try randn(shape), b = try randn(shape)
            assertGradientsMatch({ try $0[0].maximum($0[1]) }, at: [a, b], "maximum \(shape)")
            assertGradientsMatch({ try $0[0].minimum($0[1]) }, at: [a, b], "minimum \(shape)")
        }
    }

    func testNegate() throws {
        for shape in shapes {
            assertGradientsMatch({ try -$0[0] }, at: [try randn(shape)])
        }
    }

    func testPowerInBaseAndExponent() throws {
        for shape in shapes {
            let base = try rand(shape, 0.5, 2), exponent = try rand(shape, -1.5, 2.5)
            assertGradientsMatch({ try $0[0].pow($0[1]) }, at: [base, exponent], "pow \(shape)")
        }
        // Broadcast exponent, and a negative base with an integer exponent.
        assertGradientsMatch({ try $0[0].pow($0[1]) }, at: [try rand([3, 2], 0.5, 2), Tensor(3)])
        assertGradientsMatch({ try $0[0].pow(3) }, at: [try randn([4])])
    }

    // MARK: Rounding and floored division

    func testRemainderPassesTheGradientAndFloorDivisionIsFlat() throws {
        // a = b·(n + f) with f in [0.2, 0.8]: away from the jumps at multiples of b.
        for shape in shapes {
            let b = try awayFromZero(shape)
            let n = try rand(shape, -3, 3).map { $0.rounded(.down) }
            let f = try rand(shape, 0.2, 0.8)
            let a = try b * (n + f)
            assertGradientsMatch({ try $0[0].remainder(dividingBy: $0[1]) }, at: [a, b], "remainder \(shape)")
            assertGradientsMatch({ try $0[0].floorDivided(by: $0[1]) }, at: [a, b], "floor_divide \(shape)")
        }
        // A broadcast divisor, and the derivative in b written out: ∂(a % b)/∂b = −⌊a/b⌋.
        let a = try Tensor(shape: [3, 2], scalars: [5.5, -5.5, 7.3, 0.4, -9.1, 3.3])
        assertGradientsMatch({ try $0[0].remainder(dividingBy: $0[1]) }, at: [a, Tensor([2, -3])], "remainder broadcast")
        let b = Variable(Tensor(2)), x = Variable(Tensor([5.5, -5.5, 7.3]))
        XCTAssertEqual(try grad(try x.remainder(dividingBy: b).sum(), wrt: b).value, Tensor(-(2 - 3 + 3)))
    }

    func testRoundingFunctionsHaveZeroDerivativeAwayFromTheirJumps() throws {
        for shape in shapes {
            let x = try rand(shape, -3, 3).map { $0.rounded(.down) } + rand(shape, 0.1, 0.4)
            assertGradientsMatch({ try $0[0].floor() }, at: [x], "floor \(shape)")
            assertGradientsMatch({ try $0[0].ceil() }, at: [x], "ceil \(shape)")
            assertGradientsMatch({ try $0[0].rounded() }, at: [x], "round \(shape)")
            let v = Variable(x)
            XCTAssertEqual(try grad(try v.floor().sum(), wrt: v).value, Tensor.zeros(like: x), "floor \(shape)")
        }
    }

    // MARK: Unary

    func testSmoothUnaryFunctions() throws {
        for shape in shapes {
            let x = try randn(shape)
            assertGradientsMatch({ try $0[0].exp() }, at: [x], "exp \(shape)")
            assertGradientsMatch({ try $0[0].tanh() }, at: [x], "tanh \(shape)")
            assertGradientsMatch({ try $0[0].sigmoid() }, at: [x], "sigmoid \(shape)")
            assertGradientsMatch({ try $0[0].square() }, at: [x], "square \(shape)")
            let positive = try rand(shape, 0.3, 3)
            assertGradientsMatch({ try $0[0].log() }, at: [positive], "log \(shape)")
            assertGradientsMatch({ try $0[0].sqrt() }, at: [positive], "sqrt \(shape)")
        }
    }

    func testPiecewiseUnaryFunctionsAwayFromTheirKinks() throws {
        for shape in shapes {
            let x = try awayFromZero(shape)
            assertGradientsMatch({ try $0[0].relu() }, at: [x], "relu \(shape)")
            assertGradientsMatch({ try $0[0].abs() }, at: [x], "abs \(shape)")
            // Values near ±0.5 are avoided by awayFromZero's scaling below.
            let scaled = x.map { $0 * 0.9 }
            assertGradientsMatch({ try $0[0].clip(-1, 1) }, at: [scaled], "clip \(shape)")
        }
    }

    // MARK: Matrix product

    func testMatmulForEveryRankCombination() throws {
        let cases: [([Int], [Int])] = [([3, 4], [4, 2]), ([7, 9], [9, 11]), ([9], [9, 6]), ([6, 9], [9]), ([3, 4], [4]), ([4], [4, 2]), ([4], [4]), ([1, 5], [5, 1])]
        for (sa, sb) in cases {
            assertGradientsMatch({ try $0[0].matmul($0[1]) }, at: [try randn(sa), try randn(sb)], "matmul \(sa) \(sb)")
        }
    }

    // MARK: Reductions

    func testSums() throws {
        for shape in shapes {
            assertGradientsMatch({ try $0[0].sum() }, at: [try randn(shape)], "sum \(shape)")
        }
        let x = try randn([2, 3, 4])
        for axis in [0, 1, 2, -1] {
            for keep in [false, true] {
                assertGradientsMatch({ try $0[0].sum(axis: axis, keepDims: keep) }, at: [x], "sum axis \(axis) keep \(keep)")
            }
        }
    }

    func testMaxAndMinWithDistinctValues() throws {
        for shape in shapes {
            let x = try randn(shape)
            assertGradientsMatch({ try $0[0].max() }, at: [x], "max \(shape)")
            assertGradientsMatch({ try $0[0].min() }, at: [x], "min \(shape)")
        }
        let x = try randn([3, 4])
        for axis in [0, 1, -1] {
            for keep in [false, true] {
                assertGradientsMatch({ try $0[0].max(axis: axis, keepDims: keep) }, at: [x], "max axis \(axis)")
                assertGradientsMatch({ try $0[0].min(axis: axis, keepDims: keep) }, at: [x], "min axis \(axis)")
            }
        }
    }

    func testLogSumExp() throws {
        for shape in shapes.dropFirst() {
            assertGradientsMatch({ try $0[0].logsumexp() }, at: [try randn(shape)], "logsumexp \(shape)")
        }
        let x = try randn([2, 3, 4])
        for axis in [0, 1, 2] {
            for keep in [false, true] {
                assertGradientsMatch({ try $0[0].logsumexp(axis: axis, keepDims: keep) }, at: [x], "logsumexp axis \(axis)")
            }
        }
    }

    // MARK: Shape operations

    func testReshapeTransposePermute() throws {
        let x = try randn([2, 3, 4])
        assertGradientsMatch({ try $0[0].reshaped([4, -1]) }, at: [x])
        assertGradientsMatch({ try $0[0].transposed() }, at: [x])
        assertGradientsMatch({ try $0[0].transposed() }, at: [try randn([3, 5])])
        assertGradientsMatch({ try $0[0].transposed() }, at: [try randn([3])])
        assertGradientsMatch({ try $0[0].permuted([1, 2, 0]) }, at: [x])
    }

    func testConcatAlongEachAxis() throws {
        let a = try randn([2, 3]), b = try randn([2, 2]), c = try randn([1, 3])
        assertGradientsMatch({ try Variable.concat([$0[0], $0[1]], axis: 1) }, at: [a, b])
        assertGradientsMatch({ try Variable.concat([$0[0], $0[1], $0[0]], axis: 0) }, at: [a, c])
        assertGradientsMatch({ try Variable.concat([$0[0], $0[1]], axis: -1) }, at: [try randn([4]), try randn([2])])
    }

    func testDiagBothWays() throws {
        assertGradientsMatch({ try $0[0].diag() }, at: [try randn([4])])
        assertGradientsMatch({ try $0[0].diag() }, at: [try randn([3, 3])])
        assertGradientsMatch({ try $0[0].diag() }, at: [try randn([2, 4])])
    }

    func testIndexingAndSlicing() throws {
        let x = try randn([4, 5])
        assertGradientsMatch({ try $0[0].indexed([.at(1)]) }, at: [x])
        assertGradientsMatch({ try $0[0].indexed([.all, .at(-1)]) }, at: [x])
        assertGradientsMatch({ try $0[0].indexed([.range(start: 1, end: 3, step: nil)]) }, at: [x])
        assertGradientsMatch({ try $0[0].indexed([.all, .range(start: nil, end: nil, step: -2)]) }, at: [x])
        assertGradientsMatch({ try $0[0].indexed([.at(2), .at(3)]) }, at: [x])
    }

    func testPickingOneColumnPerRow() throws {
        let x = try randn([4, 3])
        assertGradientsMatch({ try $0[0].picking(columns: [2, 0, 0, 1]) }, at: [x])
        let picked = try Variable(try Tensor(rows: [[1, 2], [3, 4], [5, 6]])).picking(columns: [1, 0, 1])
        XCTAssertEqual(picked.value, Tensor([2, 3, 6]))
        XCTAssertThrowsError(try Variable(x).picking(columns: [0, 1])) { XCTAssertEqual(($0 as? TensorError)?.kind, .shapeMismatch) }
        XCTAssertThrowsError(try Variable(x).picking(columns: [0, 1, 3, 0])) { XCTAssertEqual(($0 as? TensorError)?.kind, .indexOutOfRange) }
        XCTAssertThrowsError(try Variable(Tensor([1, 2])).picking(columns: [0]))
    }
}
