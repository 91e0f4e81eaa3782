import XCTest
import Foundation
@testable import Kernel

/// Lesson prose in a terminal: Markdown rendered (no `**` or fences), colour only in
/// the ANSI form, no box drawing in accessible mode, and the prose shown again
/// under a cell whose output pushed it off the screen.
final class LessonProseTests: XCTestCase {
    private var folder: URL!

    static let lesson = """
    # Prose lesson

    Some **bold** words, `code` and *emphasis*:

    - one item
    - another

    ```unroll
    for i in 0..30 { print("line", i) }
    ```

    A short step.

    ```unroll
    x = 1
    ```
    """

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("unroll-prose-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data(Self.lesson.utf8).write(to: folder.appendingPathComponent("01-prose.md"))
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    private func session(_ display: DisplayOptions) -> Session {
        let session = Session()
        session.pictures.drawsSVG = false
        session.pictures.display = display
        session.add(LessonStepper(library: LessonLibrary(directory: folder), store: nil))
        return session
    }

    private func bundles(_ result: ExecutionResult) -> [MimeBundle] {
        result.outputs.compactMap { output in
            switch output {
            case .display(let b), .result(let b), .page(let b): return b
            case .stream(_, let text): return MimeBundle(plain: text)
            }
        }
    }

    func testProseIsRenderedAndColourIsOnlyInTheANSIForm() throws {
        let s = session(DisplayOptions(columns: 80, rows: 200, colour: true))
        let shown = bundles(s.execute(":lesson 1", storeHistory: true) { _ in })
        let prose = try XCTUnwrap(shown.first { $0.plain.contains("step 1 of 2") })
        XCTAssertTrue(prose.plain.contains("Some bold words, `code` and emphasis:"), prose.plain)
        XCTAssertTrue(prose.plain.contains("  • one item"), prose.plain)
        XCTAssertFalse(prose.plain.contains("**") || prose.plain.contains("\u{1B}"), prose.plain)
        XCTAssertEqual(prose.data["text/markdown"]?.hasPrefix("# Prose lesson"), true, "notebooks get the Markdown itself")
        let ansi = try XCTUnwrap(prose.data[ansiTextMimeType])
        XCTAssertTrue(ansi.contains("\u{1B}[1mbold\u{1B}[0m") && ansi.contains("\u{1B}[3memphasis\u{1B}[0m"), ansi)
        let code = try XCTUnwrap(shown.first { $0.plain.contains("for i in 0..30") })
        XCTAssertTrue(code.plain.contains("  │ for i in 0..30"), code.plain)
        XCTAssertFalse(shown.contains { $0.plain.contains("again") }, "200 rows hold the whole step")

        let plain = session(DisplayOptions(columns: 80, rows: 200, colour: false))
        XCTAssertFalse(bundles(plain.execute(":lesson 1", storeHistory: true) { _ in }).contains { $0.data[ansiTextMimeType] != nil },
                       "no colour form without a colour terminal")
    }

    func testLongOutputShowsTheProseAgainUnderIt() throws {
        let s = session(DisplayOptions(columns: 80, rows: 24))
        let shown = bundles(s.execute(":lesson 1", storeHistory: true) { _ in }).map(\.plain)
        XCTAssertEqual(shown.last?.hasPrefix("── step 1 of 2, again (the output above was long) ──"), true, shown.last ?? "")
        XCTAssertTrue(shown.last?.contains("Some bold words") == true)
        XCTAssertEqual(shown.filter { $0.hasPrefix("line ") }.count, 30, "the output comes before the prose again")
        // :run does the same; a short step does not.
        XCTAssertTrue(bundles(s.execute(":run", storeHistory: true) { _ in }).last?.plain.contains("again") == true)
        XCTAssertFalse(bundles(s.execute(":next", storeHistory: true) { _ in }).contains { $0.plain.contains("again") })
        // Without a terminal size (a pipe, a notebook) the prose is never repeated.
        let piped = session(DisplayOptions(columns: 80))
        XCTAssertFalse(bundles(piped.execute(":lesson 1", storeHistory: true) { _ in }).contains { $0.plain.contains("again") })
    }

    func testAccessibleStepsDrawNoLines() throws {
        let s = session(DisplayOptions(columns: 80, rows: 24, accessible: true))
        let text = bundles(s.execute(":lesson 1", storeHistory: true) { _ in }).map(\.plain).joined(separator: "\n")
        XCTAssertTrue(text.contains("Step 1 of 2:"), text)
        XCTAssertTrue(text.contains("    for i in 0..30"), text)
        XCTAssertTrue(text.contains("Step 1 of 2, again (the output above was long):"), "the prose shown again after long output, headed without a rule: \(text)")
        XCTAssertFalse(text.unicodeScalars.contains { (0x2500...0x259F).contains($0.value) || (0x2800...0x28FF).contains($0.value) }, text)
    }
}
