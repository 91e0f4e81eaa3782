import Foundation
import TensorLang
import XCTest

/// Programs run on a thread whose stack the interpreter chose, whatever thread asks.
final class ExecutionThreadTests: XCTestCase {
    /// 190 levels of recursion, each nesting 90 negations: deep enough to overflow a
    /// 512 KiB stack (the main thread's under `ulimit -s 512`) if it ran there.
    static let deepRecursion = "def f(n) { if n == 0 { return 0 }; return " + String(repeating: "-(", count: 90)
        + "f(n - 1)" + String(repeating: ")", count: 90) + " }\nf(190)"

    func testDeepRecursionAskedForFromASmallStackRunsOnTheExecutionThread() {
        let result = Box<[Output]>([])
        let done = DispatchSemaphore(value: 0)
        let caller = Thread {
            result.value = Interpreter().execute(Self.deepRecursion)
            done.signal()
        }
        caller.stackSize = 512 << 10
        caller.start()
        done.wait()
        // An optimised build finishes (0); a debug build's larger frames may use up even the
        // execution thread's stack, which is a clean `recursion` error. Either way, no crash.
        switch result.value.last {
        case .value(let v)?: XCTAssertEqual(v.printed, "0")
        case .error(let d, _)?: XCTAssertEqual(d.kind, .recursion)
        default: XCTFail("\(result.value)")
        }
    }

    func testTheStackBudgetComesFromTheExecutionThread() {
        ExecutionThread.run { available in
            XCTAssertTrue(ExecutionThread.isCurrent)
            XCTAssertGreaterThan(available, ExecutionThread.stackSize / 2)
            XCTAssertLessThanOrEqual(available, ExecutionThread.stackSize - ExecutionThread.reserve)
            // Inside an execution thread, a nested run is inline, with what is left.
            ExecutionThread.run { nested in
                XCTAssertTrue(ExecutionThread.isCurrent)
                XCTAssertLessThanOrEqual(nested, available)
            }
        }
        XCTAssertFalse(ExecutionThread.isCurrent)
    }

    /// A smaller budget than the thread allows still turns deep nesting into a `recursion` error.
    func testALowerStackBudgetGivesARecursionError() {
        let session = Interpreter()
        session.stackBudget = 64 << 10
        guard case .error(let d, _)? = session.execute(Self.deepRecursion).last else { return XCTFail() }
        XCTAssertEqual(d.kind, .recursion)
    }

    func testSessionsOnManyThreadsAtOnceEachGetAThread() {
        let results = Box<[String]>([])
        let lock = NSLock()
        DispatchQueue.concurrentPerform(iterations: 4) { i in
            let outputs = Interpreter().execute("x = \(i)\nf = 0\nfor k in 0..2000 { f = f + k }\nx + f")
            if case .value(let v)? = outputs.last { lock.withLock { results.value.append(v.printed) } }
        }
        XCTAssertEqual(results.value.sorted(), ["1999000", "1999001", "1999002", "1999003"])
    }
}

/// Hands a value between threads in a test.
final class Box<T>: @unchecked Sendable {
    var value: T
    init(_ value: T) { self.value = value }
}
