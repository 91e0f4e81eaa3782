import Foundation
@testable import TensorCore
import XCTest

/// The context a program runs under: its interrupt flag, its deadline and its
/// budget, reachable from any kernel through the thread it runs on.
final class ExecutionContextTests: XCTestCase {
    func testACheckpointOutsideAnyProgramPasses() throws {
        XCTAssertNil(ExecutionContext.current)
        XCTAssertNoThrow(try ExecutionContext.checkpoint("test"))
    }

    func testTheContextIsCurrentOnlyInsideActivateAndOnlyOnItsThread() throws {
        let outer = ExecutionContext(), inner = ExecutionContext()
        outer.activate {
            XCTAssertTrue(ExecutionContext.current === outer)
            inner.activate { XCTAssertTrue(ExecutionContext.current === inner) }
            XCTAssertTrue(ExecutionContext.current === outer, "the previous context comes back")
            let seenElsewhere = Box(false)
            let done = DispatchSemaphore(value: 0)
            Thread { seenElsewhere.value = ExecutionContext.current != nil; done.signal() }.start()
            done.wait()
            XCTAssertFalse(seenElsewhere.value)
        }
        XCTAssertNil(ExecutionContext.current)
    }

    func testAnInterruptStopsAtTheNextCheckpoint() throws {
        let context = ExecutionContext()
        try context.activate {
            XCTAssertNoThrow(try ExecutionContext.checkpoint("svd"))
            context.interrupt.request()
            XCTAssertThrowsError(try ExecutionContext.checkpoint("svd")) { error in
                XCTAssertEqual(error as? TensorError, TensorError(.interrupted, "svd", "stopped at your request"))
            }
        }
    }

    func testADeadlineInThePastStopsWithALimitErrorNamingTheTimeLimit() throws {
        let context = ExecutionContext()
        context.setTimeLimit(0)
        XCTAssertThrowsError(try context.checkpoint("matmul")) { error in
            let e = error as? TensorError
            XCTAssertEqual(e?.kind, .limitExceeded)
            XCTAssertEqual(e?.message.hasPrefix("the program ran longer than its time limit of 0.0 s"), true, e?.message ?? "")
        }
        context.setTimeLimit(nil)
        XCTAssertNoThrow(try context.checkpoint("matmul"))
        context.setTimeLimit(3600)
        XCTAssertNoThrow(try context.checkpoint("matmul"))
    }

    func testABudgetAdmitsUpToItsLimitAndNamesItWhenFull() throws {
        var limits = ResourceLimits()
        limits.tensorBytes = 1000
        let budget = ResourceBudget(limits: limits)
        XCTAssertNoThrow(try budget.admit(.tensorBytes, 1000, operation: "zeros"))
        budget.charge(.tensorBytes, 600)
        XCTAssertThrowsError(try budget.admit(.tensorBytes, 401, operation: "zeros")) { error in
            XCTAssertEqual((error as? TensorError)?.message.contains("would hold 1001 bytes, more than its budget of 1000 bytes (tensor bytes)"), true, "\(error)")
        }
        XCTAssertThrowsError(try budget.admit(.tensorBytes, .max, operation: "zeros"), "no overflow past Int.max")
        budget.release(.tensorBytes, 600)
        XCTAssertEqual(budget.used(.tensorBytes), 0)
        budget.limits = ResourceLimits()
        XCTAssertEqual(budget.limit(.tensorBytes), 1 << 30)
    }

    /// Allocations ask the running session's budget before they are made.
    func testATensorTooBigForWhatIsLeftIsRefusedBeforeItIsAllocated() throws {
        var limits = ResourceLimits()
        limits.tensorBytes = 8 * 1000
        let context = ExecutionContext(budget: ResourceBudget(limits: limits))
        try context.activate {
            XCTAssertNoThrow(try Tensor.zeros([1000]))
            XCTAssertThrowsError(try Tensor.zeros([1001])) { error in
                XCTAssertEqual((error as? TensorError)?.operation, "full")
                XCTAssertEqual((error as? TensorError)?.kind, .limitExceeded)
            }
        }
    }

    func testBytesAreDescribedInBinaryUnits() {
        XCTAssertEqual(Resource.tensorBytes.describe(512), "512 bytes")
        XCTAssertEqual(Resource.stringBytes.describe(64 << 20), "64.0 MiB")
        XCTAssertEqual(Resource.tensorBytes.describe(3 << 29), "1.5 GiB")
        XCTAssertEqual(Resource.graphNodes.describe(7), "7 nodes")
    }

    // MARK: Long kernels

    /// A product too large to finish in a few milliseconds is cut into tiles that follow
    /// the kernel's blocks — columns, whole depth panels, and rows when it must — and
    /// gives the same bits as one call of the kernel (here with tiles of 2¹⁵ multiply-adds).
    func testATiledProductIsBitForBitTheKernelsResult() throws {
        let (m, n, k) = (150, 300, 400)
        for target in [1 << 22, 1 << 15] {
            let tile = Tensor.gemmTile(m: m, n: n, k: k, target: target)
            XCTAssertEqual(tile.columns, 256)
            XCTAssertEqual(tile.depth % 128, 0, "whole panels of the kernel's depth")
            XCTAssertLessThan(tile.depth, k, "the product is cut along k too")
            if target == 1 << 15 { XCTAssertEqual(tile.rows, 72) }
            let (a, b) = try randomPair(m, k, n)
            var whole = [Double](repeating: 0, count: m * n), tiled = whole
            try a.scalars.withUnsafeBufferPointer { pa in
                try b.scalars.withUnsafeBufferPointer { pb in
                    whole.withUnsafeMutableBufferPointer { pc in
                        NativeInstructionSet.active.kernels.blockedGemm(m, n, k, 0.5, pa.baseAddress!, k, 1, pb.baseAddress!, n, 1, 0, pc.baseAddress!, n)
                    }
                    try tiled.withUnsafeMutableBufferPointer { pc in
                        try Tensor.tiledGemm(m: m, n: n, k: k, alpha: 0.5, a: pa.baseAddress!, aRow: k, aColumn: 1,
                                             b: pb.baseAddress!, bRow: n, bColumn: 1, beta: 0, c: pc.baseAddress!, ldc: n, target: target)
                    }
                }
            }
            XCTAssertEqual(tiled, whole, "target \(target)")
        }
    }

    /// The interrupt latency of a long product is one tile's work: for the products a
    /// student can type (up to 4000 on a side), no tile exceeds the target by more than
    /// the kernel's smallest blocks force (72 rows × 256 columns × 128 depth).
    func testEveryTileOfALargeProductStaysNearTheTarget() {
        for (m, n, k) in [(3000, 3000, 3000), (4000, 4000, 4000), (1200, 1200, 1200), (4000, 10, 4000), (10, 4000, 4000)] {
            let tile = Tensor.gemmTile(m: m, n: n, k: k)
            let work = tile.rows * tile.columns * tile.depth
            XCTAssertLessThanOrEqual(work, Swift.max(Tensor.gemmTileTarget, 72 * 256 * 128), "\(m)×\(n)×\(k): tile \(tile)")
        }
    }

    func testSmallProductsAreNotCut() {
        XCTAssertTrue(Tensor.gemmTile(m: 256, n: 256, k: 256) == (256, 256, 256))
        let huge = Tensor.gemmTile(m: 1 << 40, n: 1 << 40, k: 2)
        XCTAssertEqual(huge.columns, 256, "sizes whose product overflows are cut too")
    }

    func testAnInterruptStopsAMatrixProductBetweenTiles() throws {
        let (a, b) = try randomPair(300, 1000, 700)
        let context = ExecutionContext()
        context.interrupt.request()
        try context.activate {
            XCTAssertThrowsError(try a.matmul(b)) { XCTAssertEqual(($0 as? TensorError)?.kind, .interrupted) }
            XCTAssertThrowsError(try a.singularValues()) { XCTAssertEqual(($0 as? TensorError)?.operation, "svd") }
            XCTAssertThrowsError(try a.qr()) { XCTAssertEqual(($0 as? TensorError)?.operation, "qr") }
        }
    }
}

/// Random m×k and k×n matrices.
private func randomPair(_ m: Int, _ k: Int, _ n: Int) throws -> (Tensor, Tensor) {
    var generator = RandomGenerator(seed: 7)
    return (try Tensor.randn([m, k], using: &generator), try Tensor.randn([k, n], using: &generator))
}

/// Hands a value between threads in a test.
private final class Box<T>: @unchecked Sendable {
    var value: T
    init(_ value: T) { self.value = value }
}
