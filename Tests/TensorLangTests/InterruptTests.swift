import Foundation
import TensorCore
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

/// Long builtins stop at an interrupt while they run, and every variable is kept.
final class LongBuiltinInterruptTests: XCTestCase {
    /// Runs `setup`, then `program` with the interrupt requested once `builtin` has been
    /// entered (after the interpreter's own check at the call): only the builtin's own
    /// polling can stop it.
    private func interruptInside(_ builtin: String, setup: String, program: String) throws -> Interpreter {
        let session = Interpreter()
        XCTAssertTrue(succeeded(session.execute(setup)))
        session.builtinCallObserver = { name, _ in if name == builtin { session.interrupt.request() } }
        let outputs = session.execute(program)
        guard case .error(let d, _)? = outputs.last else {
            XCTFail("\(builtin) ran to the end: \(outputs)")
            return session
        }
        XCTAssertEqual(d.kind, .interrupted, "\(d)")
        XCTAssertEqual(session.value(of: "kept")?.printed, "7")
        XCTAssertTrue(succeeded(session.execute("kept + 1")), "the session goes on")
        return session
    }

    func testSvalsOfALargeMatrixStops() throws {
        let session = try interruptInside("svals", setup: "kept = 7\nA = randn(400, 400, seed=1)", program: "s = svals(A)")
        XCTAssertNil(session.value(of: "s"))
        XCTAssertNotNil(session.value(of: "A"))
    }

    func testALongSampleStops() throws {
        _ = try interruptInside("sample", setup: "kept = 7\nm = char_model(char_vocab(\"hello world\"), hidden=64, seed=1)",
                                program: "text = sample(m, \"h\", 1000000, seed=2)")
    }

    func testTrainingStops() throws {
        _ = try interruptInside("train", setup: "kept = 7\nm = char_model(char_vocab(\"hello world\"), hidden=16, seed=1)",
                                program: "r = train(m, \"hello world hello world\", iters=1000000, seq=5)")
    }

    /// `@` is an operator, not a call: the product's tiles are the only place that checks.
    func testALargeMatrixProductStops() throws {
        let session = Interpreter()
        XCTAssertTrue(succeeded(session.execute("kept = 7\nA = randn(700, 700, seed=1)\nB = randn(700, 700, seed=2)")))
        session.sink = { if case .stdout = $0 { session.interrupt.request() } }
        guard case .error(let d, _)? = session.execute("print(\"go\")\nC = A @ B").last else { return XCTFail("the product ran to the end") }
        XCTAssertEqual(d.kind, .interrupted)
        XCTAssertNil(session.value(of: "C"))
        XCTAssertEqual(session.value(of: "kept")?.printed, "7")
    }

    func testATimeLimitStopsALoopWithALimitError() throws {
        let session = Interpreter()
        session.timeLimit = 0.05
        guard case .error(let d, _)? = session.execute("kept = 7\nwhile true { }").last else { return XCTFail() }
        XCTAssertEqual(d.kind, .limit)
        XCTAssertTrue(d.message.contains("time limit of 0.05 s"), d.message)
        XCTAssertEqual(session.value(of: "kept")?.printed, "7")
    }

    func testARunOutOfStepsSaysWhatToDoNext() {
        let session = Interpreter()
        session.stepBudget = 100
        let rendered = session.execute("while true { x = 1 }").compactMap { output -> String? in
            if case .error(let d, let source) = output { return DiagnosticRenderer.render(d, source: source) }
            return nil
        }.first ?? ""
        XCTAssertTrue(rendered.hasSuffix("error: the program ran more than 100 loop iterations and calls\n  = note: look for a loop that never ends, or do less work"), rendered)
    }
}
