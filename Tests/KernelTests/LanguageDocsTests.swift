import XCTest
import Foundation
@testable import Kernel
import TensorLang

/// docs/language.md ends with the builtin reference generated from the language's
/// registry (the pictures included), so it never drifts.
final class LanguageDocsTests: XCTestCase {
    /// Regenerate with `swift run unroll docs`, or `UNROLL_DOCS_BLESS=1 swift test --filter LanguageDocsTests`.
    func testLanguageDocMatchesTheRegistry() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("docs/language.md")
        let text = try String(contentsOf: url, encoding: .utf8)
        guard let range = text.range(of: ReferenceDocs.marker) else { return XCTFail("docs/language.md has no marker line") }
        let generated = ReferenceDocs.marker + "\n\n" + ReferenceDocs.markdown(BuiltinRegistry.standard)
        if ProcessInfo.processInfo.environment["UNROLL_DOCS_BLESS"] == "1" {
            try (String(text[..<range.lowerBound]) + generated).write(to: url, atomically: true, encoding: .utf8)
            return
        }
        XCTAssertEqual(String(text[range.lowerBound...]), generated,
                       "docs/language.md is out of date: UNROLL_DOCS_BLESS=1 swift test --filter LanguageDocsTests")
    }

    func testEveryPictureBuiltinHasASummaryAndARunnableExample() {
        let session = Session.standard()
        let pictures = BuiltinRegistry.standard.libraries.first { $0.title == "Plots" }?.builtins ?? []
        XCTAssertEqual(pictures.map(\.name), ["plot", "heatmap", "bar", "shade_text", "draw_unrolled", "draw_factors"])
        for builtin in pictures {
            XCTAssertFalse(builtin.summary.isEmpty, builtin.name)
            let result = session.execute(builtin.example, storeHistory: false) { _ in }
            XCTAssertNil(result.error, "\(builtin.name): \(result.error?.value ?? "")")
            XCTAssertTrue(result.outputs.contains { if case .display(let b) = $0 { return b.data["image/svg+xml"] != nil }; return false },
                          "\(builtin.name) shows a picture")
        }
    }
}
