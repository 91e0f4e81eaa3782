import NativeKernelInterface
import NativeKernels
import NativeKernelsAVX2
@testable import TensorCore
import XCTest

/// The elementwise kernels behind `+ - * /`, `clip` and `sqrt` on larger tensors, in both
/// builds, against Swift's own scalar operations, bit for bit: special values, every pair
/// of steps (a scalar on either side) and counts with vector tails.
final class ElementwiseKernelTests: XCTestCase {
    private let specials: [Double] = [0, -0.0, 1, -1, 0.5, 3e-310, -7.25, .infinity, -.infinity, .nan, 1e308, -2e-5]

    private func operands(_ count: Int, seed: UInt64) -> [Double] {
        var g = RandomGenerator(seed: seed)
        return (0..<count).map { i in i % 5 == 0 ? specials[(i / 5) % specials.count] : 10 * g.nextNormal() }
    }

    private func builds() -> [(String, NativeKernelTable)] {
        var tables = [("baseline", NativeKernels.kernelTable)]
        if NativeInstructionSet.cpuHasAVX2 { tables.append(("avx2", NativeKernelsAVX2.kernelTable)) }
        return tables
    }

    func testArithmeticMatchesScalarOperatorsBitForBit() {
        let cases: [(ArithmeticOperator, (Double, Double) -> Double)] = [
            (.add, { $0 + $1 }), (.subtract, { $0 - $1 }), (.multiply, { $0 * $1 }), (.divide, { $0 / $1 }),
        ]
        for count in [0, 1, 3, 4, 5, 31, 32, 33, 67] {
            let a = operands(Swift.max(count, 1), seed: 1), b = operands(Swift.max(count, 1), seed: 2).reversed().map { $0 }
            for (name, table) in builds() {
                for (operation, scalar) in cases {
                    for (aStep, bStep) in [(1, 1), (1, 0), (0, 1), (0, 0)] {
                        var out = [Double](repeating: 42, count: count + 1)
                        out.withUnsafeMutableBufferPointer { o in table.arithmetic(operation, a, aStep, b, bStep, o.baseAddress!, count) }
                        let expected = (0..<count).map { scalar(a[$0 * aStep], b[$0 * bStep]) }
                        XCTAssertEqual(out.prefix(count).map(\.bitPattern), expected.map(\.bitPattern),
                                       "\(name) \(operation) steps (\(aStep), \(bStep)) count \(count)")
                        XCTAssertEqual(out[count], 42, "\(name) \(operation) wrote past the end")
                    }
                }
            }
        }
    }

    func testClampAndSquareRootMatchScalarFunctionsBitForBit() {
        for count in [0, 1, 4, 7, 32, 45] {
            let x = operands(Swift.max(count, 1), seed: 3)
            for (name, table) in builds() {
                var clamped = [Double](repeating: 42, count: count + 1), roots = clamped
                clamped.withUnsafeMutableBufferPointer { o in table.clamp(x, o.baseAddress!, count, -5, 5) }
                roots.withUnsafeMutableBufferPointer { o in table.squareRoot(x, o.baseAddress!, count) }
                let expectedClamp = x.prefix(count).map { $0 < -5 ? -5 : ($0 > 5 ? 5 : $0) }
                XCTAssertEqual(clamped.prefix(count).map(\.bitPattern), expectedClamp.map(\.bitPattern), "\(name) clamp, count \(count)")
                XCTAssertEqual(roots.prefix(count).map(\.bitPattern), x.prefix(count).map { $0.squareRoot().bitPattern }, "\(name) sqrt, count \(count)")
                XCTAssertEqual(clamped[count], 42)
                XCTAssertEqual(roots[count], 42)
            }
        }
        // NaN passes through clip; the bounds themselves are kept.
        XCTAssertTrue(try Tensor(operands(40, seed: 4)).clip(-1, 1).scalars.allSatisfy { $0.isNaN || (-1...1).contains($0) })
    }

    /// The tensor operators pick the kernel from 32 values on; small and large tensors, and a
    /// number on either side, give the elementwise answer and the right shape.
    func testTensorArithmeticAroundTheNativeThreshold() throws {
        for count in [31, 32, 100] {
            let a = try Tensor(shape: [count], scalars: operands(count, seed: 5))
            let b = try Tensor(shape: [count], scalars: operands(count, seed: 6))
            let s = Tensor(2.5)
            XCTAssertEqual(try (a - b).scalars.map(\.bitPattern), zip(a.scalars, b.scalars).map { ($0 - $1).bitPattern })
            XCTAssertEqual(try (s / a).scalars.map(\.bitPattern), a.scalars.map { (2.5 / $0).bitPattern })
            XCTAssertEqual(try (a * s).scalars.map(\.bitPattern), a.scalars.map { ($0 * 2.5).bitPattern })
            XCTAssertEqual(try (s / a).shape, [count])
            XCTAssertEqual(a.sqrt().scalars.map(\.bitPattern), a.scalars.map { $0.squareRoot().bitPattern })
        }
        let matrix = try Tensor(shape: [8, 5], scalars: operands(40, seed: 7))
        XCTAssertEqual(try (Tensor([1]) + matrix).shape, [8, 5])
        XCTAssertEqual(try (matrix + matrix).shape, [8, 5])
    }
}
