import Foundation
import TensorCore
import TensorLang
import XCTest

/// Random and mutated programs never crash the parser or the interpreter: each either runs
/// or stops with a diagnostic. `UNROLL_FUZZ_COUNT=100000` runs a longer campaign.
final class FuzzTests: XCTestCase {
    static let fragments = [
        "x", "y", "W", "hs", "f", "=", "==", "+", "-", "*", "/", "**", "@", "(", ")", "[", "]", "{", "}", ",", ":", ";",
        ".", "..", ".T", "\n", "0", "1", "2", "-1", "0.5", "1e9", "\"s\"", "def", "if", "else", "for", "in", "while",
        "return", "break", "continue", "true", "false", "none", "and", "or", "not", "tanh(", "zeros(", "randn(", "grad(",
        "jacobian(", "push(", "len(", "svd(", "sum(", "softmax(", "graph(", "help(", "reshape(", "seed=", "axis=", "#",
        "x = [1, 2]", "W = [[1, 2], [3, 4]]", "hs = [x]", "def f(a) = a * 2", "for i in 0..3 { x = x + i }",
    ]

    func testRandomAndMutatedProgramsNeverCrash() throws {
        let count = Int(ProcessInfo.processInfo.environment["UNROLL_FUZZ_COUNT"] ?? "") ?? 2000
        let seeds = try goldenSources()
        var generator = RandomGenerator(seed: 2026)
        let saved = TensorLimits.maxElements
        TensorLimits.maxElements = 100_000  // keeps random programs small and the run fast
        defer { TensorLimits.maxElements = saved }
        var diagnostics = 0
        for i in 0..<count {
            let source = i % 2 == 0
                ? randomProgram(&generator)
                : mutate(seeds[generator.nextInt(below: seeds.count)], &generator)
            if run(source) { diagnostics += 1 }
        }
        XCTAssertGreaterThan(diagnostics, count / 10, "the fuzzer should hit many errors")
        if count > 2000 { print("fuzz: \(count) programs, \(diagnostics) ended in a diagnostic, no crash") }
    }

    /// Inputs built to break a parser or an evaluator each end in the diagnostic that
    /// names their problem, with a position inside the source — or run, when they are fine.
    func testPathologicalInputsGiveDiagnostics() {
        let cases: [(source: String, kind: Diagnostic.Kind?)] = [
            (String(repeating: "[", count: 20_000), .limit),
            (String(repeating: "{", count: 20_000), .syntax),
            (String(repeating: "(", count: 20_000), .limit),
            (String(repeating: "not ", count: 20_000) + "true", .limit),
            ("def f(n) = f(n) + f(n)\nf(1)", .recursion),
            ("x = 1" + String(repeating: " ** 1", count: 10_000), .limit),
            (String(repeating: "\"", count: 3), .lexical),
            ("\u{0}", .lexical),
            ("ü = 1", .lexical),
            ("x = [" + String(repeating: "1, ", count: 10_000) + "]", nil),
        ]
        for (source, kind) in cases {
            let session = Interpreter()
            let outputs = session.execute(source)
            let label = String(source.prefix(24)).debugDescription
            guard let kind else {
                XCTAssertTrue(outputs.allSatisfy { if case .error = $0 { false } else { true } }, "\(label) runs")
                continue
            }
            guard case .error(let diagnostic, let text)? = outputs.last else { XCTFail("\(label): no error"); continue }
            XCTAssertEqual(diagnostic.kind, kind, "\(label): \(diagnostic.message)")
            let position = diagnostic.span.lineAndColumn(in: text)
            XCTAssertTrue(position.line >= 1 && position.column >= 1, "\(label): \(position)")
            XCTAssertTrue(DiagnosticRenderer.render(diagnostic, source: text).contains(diagnostic.message), label)
        }
        guard case .tensor(let x)? = Interpreter().execute("x = [" + String(repeating: "1, ", count: 10_000) + "]\nx").last.flatMap({
            if case .value(let v) = $0 { return v } else { return nil }
        }) else { return XCTFail("the long list has no value") }
        XCTAssertEqual(x.shape, [10_000])
    }

    /// Recursion whose every level nests a deep expression hits the stack guard, not the end of the stack.
    func testDeepExpressionsInsideRecursionAreStoppedByTheStackGuard() {
        let body = String(repeating: "-(", count: 90) + "f(n - 1)" + String(repeating: ")", count: 90)
        let program = "def f(n) { if n == 0 { return 0 }; return \(body) }\nf(190)"
        // With the default budget it either finishes (small frames) or stops with a diagnostic.
        _ = run(program)
        let session = Interpreter()
        session.stackBudget = 256 << 10
        guard case .error(let d, _)? = session.execute(program).last else { return XCTFail("expected an error") }
        XCTAssertEqual(d.kind, .recursion)
    }

    /// Runs a program in a fresh session; true when it ended in a diagnostic.
    private func run(_ source: String) -> Bool {
        let session = Interpreter()
        session.stepBudget = 500  // random programs may loop forever (while true { })
        let outputs = session.execute(source)
        for case .error(let d, let src) in outputs {
            XCTAssertFalse(d.message.isEmpty)
            _ = DiagnosticRenderer.render(d, source: src)
            return true
        }
        return false
    }

    private func randomProgram(_ g: inout RandomGenerator) -> String {
        let length = 1 + g.nextInt(below: 40)
        return (0..<length).map { _ in Self.fragments[g.nextInt(below: Self.fragments.count)] }
            .joined(separator: g.nextInt(below: 3) == 0 ? "" : " ")
    }

    private func mutate(_ source: String, _ g: inout RandomGenerator) -> String {
        var bytes = Array(source.utf8)
        for _ in 0..<(1 + g.nextInt(below: 4)) where !bytes.isEmpty {
            let at = g.nextInt(below: bytes.count)
            switch g.nextInt(below: 4) {
            case 0: bytes.remove(at: at)
            case 1: bytes.insert(Array(Self.fragments[g.nextInt(below: Self.fragments.count)].utf8).first ?? 32, at: at)
            case 2: bytes[at] = UInt8(g.nextInt(below: 128))
            default:
                let end = min(bytes.count, at + g.nextInt(below: 40))
                bytes.insert(contentsOf: bytes[at..<end], at: at)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private func goldenSources() throws -> [String] {
        let dir = GoldenScriptTests.goldenDirectory
        return try FileManager.default.contentsOfDirectory(at: dir, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "ur" }.map { try String(contentsOf: $0, encoding: .utf8) }
    }
}
