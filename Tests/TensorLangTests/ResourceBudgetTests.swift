import Foundation
import TensorCore
import TensorLang
import XCTest

/// A session's budgets hold whatever form the data takes, each giving a `limit`
/// error that names it, and the session goes on with its variables.
final class ResourceBudgetTests: XCTestCase {
    /// The error that ended `source`, or a failure.
    private func error(_ session: Interpreter, _ source: String, file: StaticString = #filePath, line: UInt = #line) -> Diagnostic? {
        for case .error(let diagnostic, _) in session.execute(source) { return diagnostic }
        XCTFail("expected an error from \(source.prefix(60))", file: file, line: line)
        return nil
    }

    private func session(tensorBytes: Int = 1 << 30, graphNodes: Int = 1_000_000) -> Interpreter {
        let session = Interpreter()
        session.limits.tensorBytes = tensorBytes
        session.limits.graphNodes = graphNodes
        return session
    }

    /// The program: twenty variables of 400 MB each grew until the OS killed the process.
    func testTwentyBigVariablesStopAtTheDefaultTensorBudget() throws {
        let session = Interpreter()
        let program = (0..<20).map { "a\($0) = zeros(5e7)" }.joined(separator: "\n")
        let d = error(session, program)
        XCTAssertEqual(d?.kind, .limit)
        XCTAssertEqual(d?.message.contains("more than its budget of 1.0 GiB (tensor bytes)"), true, d?.message ?? "")
        XCTAssertNotNil(session.value(of: "a1"), "variables made before the error keep their values")
        XCTAssertNil(session.value(of: "a2"))
        XCTAssertLessThanOrEqual(session.context.budget.used(.tensorBytes), 1 << 30)
    }

    func testTensorsHeldInAnyFormCount() throws {
        for program in [
            "L = []\nfor i in 0..100 { L = push(L, zeros(10000)) }",              // a sequence
            "def keep(n) { big = zeros(n); def f() = big; return f }\nfs = []\nfor i in 0..100 { fs = push(fs, keep(10000)) }",  // closures
            "t = (zeros(10000), zeros(10000))\nu = (t, t, zeros(10000), zeros(10000), zeros(10000))\nv = zeros(10000)\nw = zeros(10000)\nx = zeros(10000)\ny = zeros(10000)\nz = zeros(10000)\nzz = zeros(10000)",  // tuples
            "x = randn(300, 300, seed=1)\nhs = [x]\nfor t in 0..100 { hs = push(hs, tanh(x @ hs[-1])) }",   // a recorded graph
        ] {
            let session = self.session(tensorBytes: 8 * 100_000)
            let d = error(session, program)
            XCTAssertEqual(d?.kind, .limit, program)
            XCTAssertEqual(d?.message.contains("(tensor bytes)"), true, d?.message ?? "")
            XCTAssertLessThanOrEqual(session.context.budget.used(.tensorBytes), 8 * 100_000, program)
        }
    }

    func testFreeingAVariableGivesItsBytesBack() throws {
        let session = self.session(tensorBytes: 8 * 1_000_000)
        XCTAssertEqual(error(session, "a = zeros(600000)\nb = zeros(600000)")?.kind, .limit)
        XCTAssertTrue(succeeded(session.execute("a = none\nb = zeros(600000)")))
        XCTAssertEqual(session.context.budget.used(.tensorBytes), 8 * 600_000)
    }

    func testARunawayGraphStopsAtTheNodeBudgetAndSuggestsDetach() throws {
        let session = self.session(graphNodes: 1000)
        // Two elements: a single number's short history collapses onto what it depends on
        // (docs/autodiff.md), so only a vector's history grows without end.
        let d = error(session, "x = [1.0, 2.0]\ny = x\nfor i in 0..100000 { y = y * 1.0 }")
        XCTAssertEqual(d?.kind, .limit)
        XCTAssertEqual(d?.message.contains("(graph nodes)"), true, d?.message ?? "")
        XCTAssertEqual(d?.message.contains("detach()"), true)
        XCTAssertNotNil(session.value(of: "y"), "y keeps its last value")
        // Cutting the history frees the graph; a loop that detaches runs for ever.
        XCTAssertTrue(succeeded(session.execute("y = detach(y)\nfor i in 0..10000 { y = detach(y * 1.0) }")))
        XCTAssertLessThan(session.context.budget.used(.graphNodes), 10)
    }

    /// The program: a string doubled forty times aborted in malloc.
    func testDoublingAStringStopsAtTheStringBudgetBeforeCopying() throws {
        let session = Interpreter()
        let d = error(session, "s = \"ab\"\nfor i in 0..40 { s = s + s }")
        XCTAssertEqual(d?.kind, .limit)
        XCTAssertEqual(d?.message.contains("more than its budget of 64.0 MiB (string bytes)"), true, d?.message ?? "")
        XCTAssertEqual(session.value(of: "s")?.stringValue?.utf8.count, 1 << 25, "s keeps its last value, 32 MiB")
        XCTAssertEqual(session.context.budget.used(.stringBytes), 1 << 25)
        session.execute("s = none")
        XCTAssertEqual(session.context.budget.used(.stringBytes), 0)
    }

    func testManyStringsInAListCountTogether() throws {
        let session = Interpreter()
        session.limits.stringBytes = 1 << 20
        let d = error(session, "s = \"0123456789abcdef\"\nfor i in 0..12 { s = s + s }\nL = []\nfor i in 0..100 { L = push(L, s + str(i)) }")
        XCTAssertEqual(d?.message.contains("(string bytes)"), true, d?.message ?? "")
        XCTAssertLessThanOrEqual(session.context.budget.used(.stringBytes), 1 << 20)
    }

    func testDoublingASequenceStopsAtTheSequenceBudget() throws {
        let session = Interpreter()
        let d = error(session, "q = [zeros(2), \"x\"]\nfor i in 0..40 { q = q + q }")
        XCTAssertEqual(d?.kind, .limit)
        XCTAssertEqual(d?.message.contains("(sequence elements)"), true, d?.message ?? "")
        XCTAssertEqual(session.value(of: "q").flatMap { if case .sequence(let l) = $0 { return l.count } else { return nil } }, 1 << 21)
    }

    func testManyDistinctListsCountTogether() throws {
        let session = Interpreter()
        session.limits.sequenceElements = 100_000
        let d = error(session, "big = [zeros(1)]\nfor i in 0..13 { big = big + big }\nL = []\nfor i in 0..100 { L = push(L, push(big, i)) }")
        XCTAssertEqual(d?.message.contains("(sequence elements)"), true, d?.message ?? "")
        XCTAssertLessThanOrEqual(session.context.budget.used(.sequenceElements), 100_000)
    }

    /// Printing, comparing and freeing a value walk it level by level: nesting is bounded.
    func testSequencesNestAtMostAHundredDeep() throws {
        let session = Interpreter()
        for program in ["s = []\nfor i in 0..1000 { s = [s] }", "s = []\nfor i in 0..1000 { s = push([], s) }",
                        "s = (1, 2)\nfor i in 0..1000 { s = (s, 1) }", "s = []\nfor i in 0..1000 { s = [\"a\"] + [s] }"] {
            let d = error(session, program)
            XCTAssertEqual(d?.kind, .limit, program)
            XCTAssertEqual(d?.message.hasPrefix("sequences nested more than 100 deep"), true, d?.message ?? "")
            XCTAssertEqual(session.value(of: "s")?.nestingDepth, 100, program)
            XCTAssertTrue(succeeded(session.execute("t = str(s)\nlen(s)")))
        }
    }

    /// A chain of closures, each holding the one before, is freed without recursing once per link.
    func testALongChainOfClosuresIsFreedWithoutOverflowingTheStack() throws {
        let session = Interpreter()
        XCTAssertTrue(succeeded(session.execute("def wrap(f) { def g(x) = f(x) + 1; return g }\nh = wrap(wrap)\nfor i in 0..200000 { h = wrap(h) }")))
        XCTAssertTrue(succeeded(session.execute("h = none")))
    }

    func testForksHaveTheSameLimits() {
        let session = self.session(tensorBytes: 4096)
        XCTAssertEqual(session.fork().limits.tensorBytes, 4096)
    }
}

/// True when no output is an error.
func succeeded(_ outputs: [Output]) -> Bool {
    !outputs.contains { if case .error = $0 { return true } else { return false } }
}
