import Foundation
import TensorLang
import XCTest

/// Interrupting a running program from another thread.
final class InterruptTests: XCTestCase {
    func testAnInterruptStopsALoopAndKeepsEarlierVariables() throws {
        let flag = InterruptFlag()
        let session = Interpreter(interrupt: flag)
        let started = DispatchSemaphore(value: 0)
        session.sink = { output in
            if case .stdout = output { started.signal() }
        }
        let requester = Thread {
            started.wait()
            flag.request()
        }
        requester.start()
        let outputs = session.execute("""
            before = 42
            print("started")
            i = 0
            while true { i = i + 1 }
            after = 1
            """)
        guard case .error(let d, _)? = outputs.last else { return XCTFail("expected an error, got \(outputs)") }
        XCTAssertEqual(d.kind, .interrupted)
        XCTAssertEqual(session.value(of: "before")?.printed, "42")
        XCTAssertNotNil(session.value(of: "i"))
        XCTAssertNil(session.value(of: "after"))
        // The flag is cleared: the next execution runs normally.
        guard case .value(let v)? = session.execute("before + 1").first else { return XCTFail() }
        XCTAssertEqual(v.printed, "43")
    }

    func testAnInterruptStopsARecursiveFunction() {
        let flag = InterruptFlag()
        let session = Interpreter(interrupt: flag)
        session.sink = { if case .stdout = $0 { flag.request() } }
        let outputs = session.execute("""
            def f(n) { if n > 100 { return 0 }; return f(n + 1) + f(n + 1) }
            print("go")
            f(0)
            """)
        guard case .error(let d, _)? = outputs.last else { return XCTFail("\(outputs)") }
        XCTAssertEqual(d.kind, .interrupted)
    }
}
