import XCTest
import TensorCore

/// Broadcasting and elementwise maths, against values worked out by hand
/// (numpy's documented broadcasting rules).
final class ElementwiseTests: XCTestCase {
    func testColumnPlusRowBroadcastsToAMatrix() throws {
        let column = try Tensor(shape: [3, 1], scalars: [0, 10, 20])
        let row = Tensor([1, 2, 3, 4])
        let sum = try column + row
        XCTAssertEqual(sum.shape, [3, 4])
        XCTAssertEqual(sum.scalars, [1, 2, 3, 4, 11, 12, 13, 14, 21, 22, 23, 24])
    }

    func testMatrixTimesVectorBroadcastsAlongRows() throws {
        let m = try Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
        XCTAssertEqual(try (m * Tensor([1, 0, -1])).scalars, [1, 0, -3, 4, 0, -6])
        XCTAssertEqual(try (Tensor(2) - m).scalars, [1, 0, -1, -2, -3, -4])
    }

    func testRank3BroadcastWithMiddleAxisOfOne() throws {
        let a = try Tensor(shape: [2, 1, 2], scalars: [1, 2, 3, 4])
        let b = try Tensor(shape: [3, 1], scalars: [10, 20, 30])
        let c = try a + b
        XCTAssertEqual(c.shape, [2, 3, 2])
        XCTAssertEqual(c.scalars, [11, 12, 21, 22, 31, 32, 13, 14, 23, 24, 33, 34])
    }

    func testIncompatibleShapesNameBothShapes() {
        XCTAssertThrowsError(try Tensor([1, 2, 3]) + Tensor([1, 2])) { error in
            let e = error as? TensorError
            XCTAssertEqual(e?.kind, .shapeMismatch)
            XCTAssertEqual(e?.operation, "add")
            XCTAssertEqual(e?.message, "shapes (3,) and (2,) cannot be broadcast: sizes 3 and 2 differ")
        }
    }

    func testComparisonsGiveZerosAndOnes() throws {
        let x = Tensor([1, 2, 3])
        XCTAssertEqual(try x.compare(Tensor(2), .greater).scalars, [0, 0, 1])
        XCTAssertEqual(try x.compare(Tensor(2), .lessOrEqual).scalars, [1, 1, 0])
        XCTAssertEqual(try x.compare(Tensor([1, 0, 3]), .equal).scalars, [1, 0, 1])
    }

    func testUnaryFunctionsAtKnownPoints() throws {
        let x = Tensor([-1, 0, 2])
        XCTAssertEqual(x.relu().scalars, [0, 0, 2])
        XCTAssertEqual(x.abs().scalars, [1, 0, 2])
        XCTAssertEqual(x.square().scalars, [1, 0, 4])
        XCTAssertEqual(Tensor(0).sigmoid().scalarValue, 0.5)
        XCTAssertEqual(Tensor(0).tanh().scalarValue, 0)
        XCTAssertEqual(Tensor(1).exp().scalarValue!, M_E, accuracy: 1e-15)
        XCTAssertEqual(try x.clip(-0.5, 1).scalars, [-0.5, 0, 1])
        XCTAssertThrowsError(try x.clip(1, 0))
        XCTAssertEqual(try Tensor([2, 3]).pow(Tensor(2)).scalars, [4, 9])
        XCTAssertEqual(try Tensor([1, 5]).maximum(Tensor([3, 2])).scalars, [3, 5])
    }

    func testSigmoidIsStableAtExtremes() {
        XCTAssertEqual(Tensor(-1000).sigmoid().scalarValue, 0)
        XCTAssertEqual(Tensor(1000).sigmoid().scalarValue, 1)
        XCTAssertEqual(Tensor(-40).sigmoid().scalarValue!, exp(-40) / (1 + exp(-40)), accuracy: 1e-30)
    }

    func testLogOfNegativeIsNaNNotATrap() {
        let y = Tensor([-1, 0, 1]).log()
        XCTAssertTrue(y.scalars[0].isNaN)
        XCTAssertEqual(y.scalars[1], -.infinity)
        XCTAssertEqual(y.scalars[2], 0)
        XCTAssertTrue(Tensor(-4).sqrt().scalars[0].isNaN)
    }

    func testUnbroadcastSumsGradientsBackToTheOperandShape() throws {
        let g = try Tensor.ones([3, 4])
        XCTAssertEqual(try g.unbroadcast(to: [4]).scalars, [3, 3, 3, 3])
        XCTAssertEqual(try g.unbroadcast(to: [3, 1]).scalars, [4, 4, 4])
        XCTAssertEqual(try g.unbroadcast(to: []).scalars, [12])
        XCTAssertEqual(try g.unbroadcast(to: [1, 1]).shape, [1, 1])
    }
}
