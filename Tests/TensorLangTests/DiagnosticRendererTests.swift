@testable import TensorLang
import XCTest

/// How a diagnostic is drawn: short lines whole, very long ones as a window around the
/// span, so the underline and the message stay on screen and the output stays small.
final class DiagnosticRendererTests: XCTestCase {
    let dashes = String(repeating: "-", count: 200_000)

    /// The rendered diagnostic for the span of UTF-8 bytes `start..<end` of `source`.
    func render(_ source: String, _ start: Int, _ end: Int, _ message: String = "something is wrong here") -> String {
        DiagnosticRenderer.render(Diagnostic(.syntax, message, at: SourceSpan(start, end)), source: source)
    }

    /// The characters of the shown line that stand above the carets.
    func underlined(_ rendered: String) -> String {
        let lines = rendered.split(separator: "\n", omittingEmptySubsequences: false).map { Array($0) }
        guard lines.count >= 2, let first = lines[1].firstIndex(of: "^") else { return "no underline in \(rendered)" }
        let last = lines[1][first...].firstIndex(where: { $0 != "^" }) ?? lines[1].count
        guard last <= lines[0].count else { return "the underline runs past the line in \(rendered)" }
        return String(lines[0][first..<last])
    }

    func testAnErrorAtTheEndOfAVeryLongLineIsShownWithTheLinesEnd() {
        let source = "x = " + dashes + "1"
        let out = render(source, 200_004, 200_005)
        XCTAssertEqual(out, "1 | …" + String(repeating: "-", count: 99) + "1\n"
                          + "  | " + String(repeating: " ", count: 100) + "^ error: something is wrong here\n"
                          + "  = note: line 1 is 200005 characters long; shown: columns 199906–200005, the error at column 200005")
        XCTAssertEqual(underlined(out), "1")
    }

    func testAnErrorAtTheStartOfAVeryLongLineIsShownWithTheLinesStart() {
        let out = render("y" + dashes, 0, 1)
        let lines = out.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines[0], "1 | y" + String(repeating: "-", count: 99) + "…")
        XCTAssertEqual(lines[1], "  | ^ error: something is wrong here")
        XCTAssertEqual(lines[2], "  = note: line 1 is 200001 characters long; shown: columns 1–100, the error at column 1")
    }

    func testAnErrorInTheMiddleKeepsTheTrueLineAndColumn() {
        let source = "a = 1\nb = 2\n" + String(repeating: "-", count: 100_000) + "@" + String(repeating: "-", count: 99_999)
        let out = render(source, 12 + 100_000, 12 + 100_001)
        XCTAssertEqual(underlined(out), "@")
        XCTAssertTrue(out.hasPrefix("3 | …-"), out)
        XCTAssertTrue(out.contains("-…\n"), out)
        XCTAssertTrue(out.contains("^ error: something is wrong here"), out)
        XCTAssertTrue(out.hasSuffix("line 3 is 200000 characters long; shown: columns 99922–100021, the error at column 100001"), out)
        XCTAssertLessThan(out.count, 400)
    }

    func testALongSpanIsCutAndItsUnderlineEndsUnderTheMark() {
        let source = "x = \"" + String(repeating: "a", count: 200_000) + "\" + y"
        let out = render(source, 4, 200_006)
        XCTAssertEqual(underlined(out), "\"" + String(repeating: "a", count: 39) + "…")
        XCTAssertTrue(out.hasPrefix("1 | x = \"aaa"), out)
        XCTAssertTrue(out.contains("the error at column 5"), out)
        XCTAssertLessThan(out.count, 400)
    }

    func testMultiByteCharactersBeforeTheSpanDoNotShiftTheUnderline() {
        // σ is 2 bytes and ‖ is 3 in UTF-8; each is one character on screen.
        let source = "y = " + String(repeating: "σ‖", count: 100_000) + " + z"
        let start = 4 + 500_000 + 3
        let out = render(source, start, start + 1)
        XCTAssertEqual(underlined(out), "z")
        XCTAssertTrue(out.contains("σ‖σ‖ + z\n"), out)
        XCTAssertTrue(out.hasSuffix("the error at column 200008"), out)
        XCTAssertLessThan(out.count, 400)
    }

    func testAGeneratedOneLineProgramsErrorFitsOnAScreen() {
        let source = "x = \"" + String(repeating: "σ", count: 200_000) + "\" + undefined_name"
        guard case .error(let d, let text)? = Interpreter().execute(source).last else { return XCTFail("no error") }
        let out = DiagnosticRenderer.render(d, source: text)
        XCTAssertEqual(d.kind, .name)
        XCTAssertEqual(underlined(out), "undefined_name")
        XCTAssertTrue(out.contains(d.message), out)
        XCTAssertLessThan(out.count, 500)
    }

    func testLinesUpToTheLimitAreShownWhole() {
        let line = "x = " + String(repeating: "-", count: 95) + "1"
        XCTAssertEqual(line.count, 100)
        XCTAssertEqual(render(line, 99, 100, "m"), "1 | \(line)\n  | " + String(repeating: " ", count: 99) + "^ error: m")
        let longer = "x = " + String(repeating: "-", count: 96) + "1"
        let out = render(longer, 100, 101, "m")
        XCTAssertTrue(out.hasPrefix("1 | …"), out)
        XCTAssertEqual(underlined(out), "1")
    }
}
