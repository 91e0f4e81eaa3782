import Autodiff
import Foundation
import TensorCore
import XCTest

/// Graphs are freed by ARC as soon as nobody refers to them, without deep
/// recursion, and a node limit turns runaway graphs into a clear error.
final class GraphMemoryTests: XCTestCase {
    func testAMillionNodeChainIsReleasedWithoutOverflowingTheStack() throws {
        let start = Variable.liveCount
        do {
            // Holding the first value keeps the whole chain (grad(y, x) could still ask for it).
            let x = Variable(Tensor([1, -1]))
            var y = x
            for _ in 0..<1_000_000 { y = try -y }
            XCTAssertEqual(Variable.liveCount - start, 1_000_001)
            XCTAssertEqual(y.value, Tensor([1, -1]))
            XCTAssertEqual(try grad(y.sum(), wrt: x).value, Tensor([1, 1]))
        }
        // Leaving the scope released the whole chain (a recursive teardown would have crashed).
        XCTAssertEqual(Variable.liveCount, start)
    }

    func testEveryOperationReleasesItsInputsIteratively() throws {
        // A chain of each kind of node, built and released on a thread with a
        // small (512 KiB) stack: if a pullback captured its input variable, the
        // release would recurse once per node and overflow that stack.
        let steps = 10_000
        let operations: [(String, @Sendable (Variable) throws -> Variable)] = [
            ("add", { try $0 + Variable(Tensor([0.0, 0.0])) }),
            ("subtract", { try $0 - Variable(Tensor([0.0, 0.0])) }),
            ("multiply", { try $0 * Variable(Tensor([1.0, 1.0])) }),
            ("divide", { try $0 / Variable(Tensor([1.0, 1.0])) }),
            ("matmul", { try Variable(Tensor.identity(2)).matmul($0) }),
            ("maximum", { try $0.maximum(Variable(Tensor([-5.0, -5.0]))) }),
            ("pow", { try $0.pow(1) }),
            ("tanh", { try $0.tanh() }),
            ("reshape", { try $0.reshaped([2]) }),
            ("index", { try $0.indexed([.all]) }),
            ("concat", { try Variable.concat([$0]) }),
            ("max", { try $0.max(axis: 0, keepDims: true) * Variable(Tensor([1.0, 1.0])) }),
            ("logsumexp", { try $0.logsumexp(axis: 0, keepDims: true) - Variable(Tensor([0.7, 0.7])) }),
            ("remainder", { try $0.remainder(dividingBy: Variable(Tensor([10.0, 10.0]))) }),
            ("floor_divide", { try $0.floorDivided(by: Variable(Tensor([1.0, 1.0]))) }),
            ("floor", { try $0.floor() }),
        ]
        let start = Variable.liveCount
        for (name, step) in operations {
            let peak = try onSmallStack {
                let x = Variable(Tensor([0.1, 0.2]))     // held, so the chain is kept until the end
                var y = x
                for _ in 0..<steps { y = try step(y) }
                return Variable.liveCount
            }
            XCTAssertGreaterThan(peak - start, steps, name)
            XCTAssertEqual(Variable.liveCount, start, "\(name) chain not freed")
        }
    }

    /// Runs `body` on a new thread with a 512 KiB stack and returns its result.
    private func onSmallStack(_ body: @escaping @Sendable () throws -> Int) throws -> Int {
        let box = ResultBox()
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            box.result = Result { try body() }
            done.signal()
        }
        thread.stackSize = 512 * 1024
        thread.start()
        done.wait()
        guard let result = box.result else { throw TensorError(.invalidArgument, "test", "no result") }
        return try result.get()
    }

    func testDroppingAGraphReturnsTheLiveCountToItsStart() throws {
        let start = Variable.liveCount
        do {
            let w = Variable(try Tensor.ones([3, 3]))
            var h = Variable(try Tensor.zeros([3]))
            for _ in 0..<100 { h = try w.matmul(h).tanh() }
            _ = try grad(h.sum(), wrt: w)
            // w, the first h, and a matmul and a tanh node per step (the summed loss is already gone).
            XCTAssertEqual(Variable.liveCount - start, 2 + 100 * 2)
        }
        XCTAssertEqual(Variable.liveCount, start)
    }

    func testRecordingBeyondTheNodeBudgetThrowsAndSuggestsDetach() throws {
        var limits = ResourceLimits()
        limits.graphNodes = 10
        let context = ExecutionContext(budget: ResourceBudget(limits: limits))
        try context.activate {
            // Two elements: a single number's short history would collapse (Node+HistoryRelease).
            let x = Variable(Tensor([1, 1]))
            var y = x
            XCTAssertThrowsError(try { for _ in 0..<20 { y = try y * x } }()) { error in
                let e = error as? TensorError
                XCTAssertEqual(e?.kind, .limitExceeded)
                XCTAssertEqual(e?.message.contains("detach()"), true)
                XCTAssertEqual(e?.message.contains("graph nodes"), true)
            }
            XCTAssertEqual(context.budget.used(.graphNodes), 10, "x and nine products are alive")
            // Detaching frees the old graph, and recording works again.
            y = y.detach()
            XCTAssertEqual(context.budget.used(.graphNodes), 2)
            XCTAssertNoThrow(try y * x)
        }
    }

    /// Every node charges the session it was made in while it lives — its value's bytes
    /// and itself — and gives both back when freed, whichever thread frees it.
    func testNodesChargeTheirSessionsBudgetUntilFreed() throws {
        let context = ExecutionContext()
        var kept: [Variable]?
        try context.activate {
            // w stays held too: a history with nothing held in it would be released.
            let w = Variable(try Tensor.ones([10, 10]))
            kept = [w, try w.matmul(w).tanh()]
        }
        XCTAssertEqual(context.budget.used(.graphNodes), 3, "w, the product and tanh")
        XCTAssertEqual(context.budget.used(.tensorBytes), 3 * 100 * 8)
        let outside = Variable(try Tensor.ones([5]))
        XCTAssertEqual(context.budget.used(.graphNodes), 3, "nodes made outside the session are not charged")
        _ = outside
        let done = DispatchSemaphore(value: 0)
        let box = Box(kept)
        kept = nil
        Thread { box.value = nil; done.signal() }.start()
        done.wait()
        XCTAssertEqual(context.budget.used(.graphNodes), 0)
        XCTAssertEqual(context.budget.used(.tensorBytes), 0)
    }

    func testGraphsBuiltOnSeveralThreadsAtOnceKeepTheCountersConsistent() {
        // Each thread builds, differentiates and drops its own graph; ids stay
        // unique and the live count returns to where it started.
        let start = Variable.liveCount
        let ids = IDCollector()
        DispatchQueue.concurrentPerform(iterations: 4) { worker in
            do {
                let w = Variable(try Tensor.full([4, 4], 0.1 * Double(worker + 1)))
                var h = Variable(try Tensor.ones([4]))
                for _ in 0..<500 { h = try w.matmul(h).tanh() }
                let g = try grad(h.sum(), wrt: w).value
                ids.add([w.id, h.id], finite: g.scalars.allSatisfy(\.isFinite))
            } catch {
                ids.add([], finite: false)
            }
        }
        XCTAssertEqual(Variable.liveCount, start)
        XCTAssertEqual(ids.all.count, 8)
        XCTAssertEqual(Set(ids.all).count, 8, "ids are unique across threads")
        XCTAssertTrue(ids.allFinite)
    }

    func testIdsIncreaseInCreationOrder() throws {
        let a = Variable(Tensor(1)), b = Variable(Tensor(2))
        let c = try a + b
        XCTAssertLessThan(a.id, b.id)
        XCTAssertLessThan(b.id, c.id)
        XCTAssertEqual(c.inputs.map(\.id), [a.id, b.id])
        XCTAssertEqual(c.op, "add")
        XCTAssertEqual(a.op, "leaf")
        XCTAssertTrue(a.inputs.isEmpty)
    }
}

/// Carries a result from the worker thread back to the test (handed over through a semaphore).
private final class ResultBox: @unchecked Sendable {
    var result: Result<Int, Error>?
}

/// Collects ids from several threads under a lock.
private final class IDCollector: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var all: [Int] = []
    private(set) var allFinite = true

    func add(_ ids: [Int], finite: Bool) {
        lock.lock()
        defer { lock.unlock() }
        all += ids
        allFinite = allFinite && finite
    }
}

/// Hands a reference to another thread.
private final class Box<T>: @unchecked Sendable {
    var value: T?
    init(_ value: T?) { self.value = value }
}
