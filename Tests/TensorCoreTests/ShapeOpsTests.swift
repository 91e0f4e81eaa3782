import XCTest
import TensorCore

final class ShapeOpsTests: XCTestCase {
    let m = try! Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])

    func testReshapeKeepsOrderAndInfersOneDimension() throws {
        XCTAssertEqual(try m.reshaped([3, 2]).scalars, m.scalars)
        XCTAssertEqual(try m.reshaped([-1]).shape, [6])
        XCTAssertEqual(try m.reshaped([3, -1]).shape, [3, 2])
        XCTAssertThrowsError(try m.reshaped([4, -1]))
        XCTAssertThrowsError(try m.reshaped([-1, -1]))
        XCTAssertThrowsError(try m.reshaped([5])) { error in
            XCTAssertEqual((error as? TensorError)?.message,
                           "cannot reshape 6 elements of shape (2, 3) into (5,), which holds 5")
        }
    }

    func testTransposeAndPermute() throws {
        let t = try m.transposed()
        XCTAssertEqual(t.shape, [3, 2])
        XCTAssertEqual(t.scalars, [1, 4, 2, 5, 3, 6])
        XCTAssertEqual(try Tensor([1, 2]).transposed().shape, [2])
        let cube = try Tensor.arange(0, 24).reshaped([2, 3, 4])
        let p = try cube.permuted([2, 0, 1])
        XCTAssertEqual(p.shape, [4, 2, 3])
        // p[k, i, j] = cube[i, j, k] = 12i + 4j + k
        XCTAssertEqual(try p.element(at: [3, 1, 2]), 12 + 8 + 3)
        XCTAssertThrowsError(try cube.permuted([0, 0, 1]))
    }

    func testConcatAndStack() throws {
        let a = try Tensor(shape: [1, 2], scalars: [1, 2]), b = try Tensor(shape: [1, 2], scalars: [3, 4])
        XCTAssertEqual(try Tensor.concat([a, b], axis: 0).scalars, [1, 2, 3, 4])
        let side = try Tensor.concat([a, b], axis: 1)
        XCTAssertEqual(side.shape, [1, 4])
        XCTAssertEqual(side.scalars, [1, 2, 3, 4])
        let rows = try Tensor.concat([m, m], axis: 1)
        XCTAssertEqual(rows.scalars, [1, 2, 3, 1, 2, 3, 4, 5, 6, 4, 5, 6])
        let stacked = try Tensor.stack([Tensor([1, 2]), Tensor([3, 4])], axis: 1)
        XCTAssertEqual(stacked.shape, [2, 2])
        XCTAssertEqual(stacked.scalars, [1, 3, 2, 4])
        XCTAssertThrowsError(try Tensor.stack([Tensor([1]), Tensor([1, 2])]))
        XCTAssertThrowsError(try Tensor.concat([m, Tensor([1, 2])]))
        XCTAssertThrowsError(try Tensor.concat([]))
    }

    func testDiagBothWays() throws {
        let d = try Tensor([1, 2]).diag()
        XCTAssertEqual(d.scalars, [1, 0, 0, 2])
        XCTAssertEqual(try m.diag().scalars, [1, 5])
        XCTAssertThrowsError(try Tensor(1).diag())
    }

    func testOuterAndOneHot() throws {
        let o = try Tensor.outer(Tensor([1, 2]), Tensor([3, 4, 5]))
        XCTAssertEqual(o.shape, [2, 3])
        XCTAssertEqual(o.scalars, [3, 4, 5, 6, 8, 10])
        let h = try Tensor.oneHot([2, 0], depth: 3)
        XCTAssertEqual(h.scalars, [0, 0, 1, 1, 0, 0])
        XCTAssertThrowsError(try Tensor.oneHot([3], depth: 3))
    }

    func testConstructorsValidateSizes() throws {
        XCTAssertThrowsError(try Tensor.zeros([-1])) { XCTAssertEqual(($0 as? TensorError)?.kind, .invalidArgument) }
        XCTAssertThrowsError(try Tensor.zeros([1_000_000, 1_000_000])) { XCTAssertEqual(($0 as? TensorError)?.kind, .limitExceeded) }
        XCTAssertThrowsError(try Tensor.zeros([Int.max, Int.max])) { XCTAssertEqual(($0 as? TensorError)?.kind, .limitExceeded) }
        XCTAssertThrowsError(try Tensor.zeros([1, 1, 1, 1, 1])) { XCTAssertEqual(($0 as? TensorError)?.kind, .limitExceeded) }
        XCTAssertThrowsError(try Tensor(shape: [2], scalars: [1]))
        XCTAssertThrowsError(try Tensor(rows: [[1, 2], [3]]))
        XCTAssertEqual(try Tensor.identity(2).scalars, [1, 0, 0, 1])
        XCTAssertEqual(try Tensor.linspace(0, 1, count: 5).scalars, [0, 0.25, 0.5, 0.75, 1])
    }

    func testElementLimitIsConfigurable() throws {
        let saved = TensorLimits.maxElements
        defer { TensorLimits.maxElements = saved }
        TensorLimits.maxElements = 10
        XCTAssertThrowsError(try Tensor.zeros([11]))
        XCTAssertNoThrow(try Tensor.zeros([10]))
    }
}

final class IndexingTests: XCTestCase {
    let m = try! Tensor.arange(0, 12).reshaped([3, 4])

    func testIntegerIndexDropsAnAxis() throws {
        XCTAssertEqual(try m.indexed([.at(1)]).scalars, [4, 5, 6, 7])
        XCTAssertEqual(try m.indexed([.at(-1)]).scalars, [8, 9, 10, 11])
        XCTAssertEqual(try m.indexed([.all, .at(1)]).scalars, [1, 5, 9])
        XCTAssertEqual(try m.indexed([.at(2), .at(3)]).shape, [])
    }

    func testSlicesFollowNumpyRules() throws {
        XCTAssertEqual(try m.indexed([.range(start: 1, end: 3, step: nil)]).shape, [2, 4])
        XCTAssertEqual(try m.indexed([.at(0), .range(start: nil, end: nil, step: 2)]).scalars, [0, 2])
        XCTAssertEqual(try m.indexed([.at(0), .range(start: nil, end: nil, step: -1)]).scalars, [3, 2, 1, 0])
        XCTAssertEqual(try m.indexed([.at(0), .range(start: -2, end: nil, step: nil)]).scalars, [2, 3])
        XCTAssertEqual(try m.indexed([.at(0), .range(start: 10, end: 20, step: nil)]).scalars, [])
        XCTAssertThrowsError(try m.indexed([.range(start: nil, end: nil, step: 0)]))
    }

    func testOutOfRangeIndicesNameTheAxis() {
        XCTAssertThrowsError(try m.indexed([.at(3)])) { error in
            XCTAssertEqual((error as? TensorError)?.message, "index 3 is out of range for axis 0 with size 3")
        }
        XCTAssertThrowsError(try m.indexed([.at(0), .at(0), .at(0)]))
    }

    func testScatterIsTheAdjointOfIndexing() throws {
        let g = try Tensor.scatter(Tensor([1, 2]), into: [3, 2], at: [.all, .at(1)].prefix(0) + [.range(start: 0, end: 2, step: nil), .at(1)])
        XCTAssertEqual(g.scalars, [0, 1, 0, 2, 0, 0])
        let replaced = try m.replacing([.at(0)], with: Tensor(-1))
        XCTAssertEqual(try replaced.indexed([.at(0)]).scalars, [-1, -1, -1, -1])
        XCTAssertEqual(try replaced.indexed([.at(1)]).scalars, [4, 5, 6, 7])
    }
}

final class SoftmaxTests: XCTestCase {
    func testSoftmaxOfLargeInputsIsFiniteAndShiftInvariant() throws {
        let big = try Tensor([1000, 1001, 1002]).softmax()
        let small = try Tensor([0, 1, 2]).softmax()
        XCTAssertTrue(big.scalars.allSatisfy(\.isFinite))
        for (a, b) in zip(big.scalars, small.scalars) { XCTAssertEqual(a, b, accuracy: 1e-15) }
        // e^k / (1 + e + e²) by hand.
        let z = 1 + M_E + M_E * M_E
        XCTAssertEqual(small.scalars[2], M_E * M_E / z, accuracy: 1e-15)
    }

    func testCrossEntropyOfUniformScoresIsLogV() throws {
        let loss = try Tensor.zeros([4]).crossEntropy(targets: [2])
        XCTAssertEqual(loss.scalarValue!, log(4), accuracy: 1e-15)
        let rows = try Tensor.zeros([25, 4]).crossEntropy(targets: Array(repeating: 1, count: 25))
        XCTAssertEqual(rows.scalarValue!, 25 * log(4), accuracy: 1e-12)
        XCTAssertThrowsError(try Tensor.zeros([4]).crossEntropy(targets: [4]))
        XCTAssertThrowsError(try Tensor.zeros([2, 4]).crossEntropy(targets: [0]))
    }
}

final class DescriptionTests: XCTestCase {
    func testMatricesAlignOnTheDecimalPoint() throws {
        let m = try Tensor(rows: [[1, -0.5], [10, 2.25]])
        XCTAssertEqual(m.description, "[[ 1.   -0.5 ]\n [10.    2.25]]")
    }

    func testScalarsAndVectors() {
        XCTAssertEqual(Tensor(3).description, "3.")
        XCTAssertEqual(Tensor([0.5, 1]).description, "[0.5 1. ]")
        XCTAssertEqual(Tensor([.nan, 1]).description, "[nan  1.]")
    }

    func testLargeTensorsAreSummarised() throws {
        let big = try Tensor.arange(0, 2000)
        XCTAssertEqual(big.description, "[   0.    1.    2. ... 1997. 1998. 1999.]")
    }

    func testTinyMagnitudesSwitchToScientific() {
        XCTAssertEqual(Tensor([1e-9, 1]).description, "[1.0000e-09 1.0000e+00]")
    }
}
