import XCTest
import TensorCore

final class ReductionTests: XCTestCase {
    let m = try! Tensor(shape: [2, 3], scalars: [1, 5, 3, 4, 2, 6])

    func testSumsOverAllAndEachAxis() throws {
        XCTAssertEqual(m.sum().scalarValue, 21)
        XCTAssertEqual(try m.sum(axis: 0).scalars, [5, 7, 9])
        XCTAssertEqual(try m.sum(axis: 1).scalars, [9, 12])
        XCTAssertEqual(try m.sum(axis: -1, keepDims: true).shape, [2, 1])
        XCTAssertThrowsError(try m.sum(axis: 2)) { XCTAssertEqual(($0 as? TensorError)?.kind, .indexOutOfRange) }
    }

    func testMeanMaxMinArgmax() throws {
        XCTAssertEqual(m.mean().scalarValue, 3.5)
        XCTAssertEqual(try m.mean(axis: 1).scalars, [3, 4])
        XCTAssertEqual(try m.max().scalarValue, 6)
        XCTAssertEqual(try m.max(axis: 0).scalars, [4, 5, 6])
        XCTAssertEqual(try m.min(axis: 1).scalars, [1, 2])
        XCTAssertEqual(try m.argmax(), 5)
        XCTAssertEqual(try m.argmax(axis: 1).scalars, [1, 2])
        XCTAssertThrowsError(try Tensor([]).max())
    }

    func testMaxPropagatesNaN() throws {
        XCTAssertTrue(try Tensor([1, .nan, 3]).max().scalars[0].isNaN)
    }

    func testLogSumExpNeverOverflows() throws {
        let big = try Tensor([1000, 1000]).logsumexp().scalarValue!
        XCTAssertEqual(big, 1000 + log(2), accuracy: 1e-12)
        XCTAssertEqual(try Tensor([0, log(3)]).logsumexp().scalarValue!, log(4), accuracy: 1e-15)
    }

    func testNormIsFrobeniusAndScaledAgainstOverflow() {
        XCTAssertEqual(Tensor([3, 4]).norm().scalarValue, 5)
        XCTAssertEqual(Tensor([3e300, 4e300]).norm().scalarValue!, 5e300, accuracy: 1e286)
        XCTAssertEqual(Tensor([0, 0]).norm().scalarValue, 0)
    }

    func testPairwiseSumOfManySmallNumbersIsAccurate() {
        // 0.1 is not exact in binary; naive left-to-right summation of 10^6 copies drifts by ~1e-6.
        let x = Tensor([Double](repeating: 0.1, count: 1_000_000))
        XCTAssertEqual(x.sum().scalarValue!, 100_000, accuracy: 1e-8)
    }
}
