import Foundation
import TensorLang
import XCTest

/// The registry is the single source for help, completion and the docs.
final class BuiltinRegistryTests: XCTestCase {
    let registry = BuiltinRegistry.standard

    func testEveryBuiltinHasASummaryAndAnExample() {
        for name in registry.orderedNames {
            guard let builtin = registry[name] else { return XCTFail("\(name) missing") }
            XCTAssertFalse(builtin.summary.isEmpty, "\(name) has no summary")
            XCTAssertFalse(builtin.example.isEmpty, "\(name) has no example")
            XCTAssertFalse(builtin.summary.hasSuffix("."), "\(name): summaries are phrases without a final period")
            XCTAssertEqual(builtin.summary.first.map { String($0) }, builtin.summary.first.map { String($0).lowercased() },
                           "\(name): summaries start in lowercase")
        }
    }

    func testEveryExampleRunsWithoutError() {
        for name in registry.orderedNames {
            guard let builtin = registry[name] else { continue }
            let outputs = Interpreter().execute(builtin.example)
            for case .error(let d, let source) in outputs {
                XCTFail("example of \(name) fails:\n\(DiagnosticRenderer.render(d, source: source))")
            }
            XCTAssertTrue(builtin.example.contains(name), "the example of \(name) does not use it")
        }
    }

    func testTheIssuesListOfBuiltinsIsPresent() {
        let required = """
            zeros ones eye linspace randn rand randint orthogonal with_singular_values svd svals qr norm spectral_norm
            transpose reshape shape len concat stack diag outer onehot sum mean max min argmax tanh sigmoid relu exp log
            sqrt abs clip softmax log_softmax cross_entropy grad jacobian graph detach print help push
            """.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init)
        let missing = required.filter { registry[$0] == nil }
        XCTAssertEqual(missing, [], "builtins named by the language spec are missing")
    }

    func testHelpShowsSignatureSummaryAndExample() throws {
        let outputs = Interpreter().execute("help(randn)")
        guard case .value(.string(let text))? = outputs.first else { return XCTFail("\(outputs)") }
        XCTAssertEqual(text.text, """
            randn(*shape, seed=none)
              standard normal samples (mean 0, variance 1)
              example: randn(2, 3, seed=1)
            """)
    }
}
