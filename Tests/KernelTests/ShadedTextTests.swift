import XCTest
import Foundation
@testable import Kernel
import TensorLang

/// `shade_text`: a text with each character shaded by a value, as a terminal, a colour
/// terminal, a notebook (SVG) and a screen reader get it.
final class ShadedTextTests: XCTestCase {
    let picture = ShadedText(characters: Array("ab \"cd\"\nxy"), values: [0, 0.1, -0.3, 1, 0.9, 0.6, 0.3, 0, -1, -0.55])

    func testPlainFormPutsAMarkUnderEveryCharacterByItsLevel() {
        let lines = ShadedTextView(picture).lines(columns: 80, colour: false).map(\.plain)
        // Levels against the largest magnitude 1: = below −0.5, - below −0.2, + above 0.2, # above 0.5.
        XCTAssertEqual(Array(lines.dropFirst()), ["ab \"cd\"", "  -###+", "xy", "=="], lines.joined(separator: "\n"))
        XCTAssertTrue(lines[0].hasPrefix("shading: = below −0.5"), lines[0])
    }

    func testColourFormPaintsBackgroundsAndDiffersFromThePlainOneOnlyByEscapesAndTheMarks() {
        let coloured = ShadedTextView(picture).lines(columns: 80, colour: true)
        let ansi = coloured.joined(colour: true)
        XCTAssertTrue(ansi.contains("\u{1B}[38;5;16;48;5;210m\"cd"), ansi)   // strongly positive: red background, black text
        XCTAssertTrue(ansi.contains("\u{1B}[38;5;16;48;5;111mxy"), ansi)     // strongly negative: blue
        XCTAssertEqual(Array(coloured.map(\.plain).dropFirst()), ["ab \"cd\"", "xy"], "no marks when colour shows the values")
    }

    func testLongLinesFoldAtTheTerminalWidth() {
        let long = ShadedText(characters: Array(String(repeating: "a", count: 100)), values: Array(repeating: 1, count: 100))
        let lines = ShadedTextView(long).lines(columns: 40, colour: false).map(\.plain)
        XCTAssertTrue(lines.allSatisfy { $0.count <= 40 }, lines.joined(separator: "\n"))
        XCTAssertEqual(lines.filter { !$0.isEmpty && $0.allSatisfy { $0 == "a" } }.map(\.count).reduce(0, +), 100)
    }

    func testTextAlternativeNamesTheRangeAndTheStronglyShadedStretches() {
        let alternative = ShadedTextView(picture).textAlternative
        XCTAssertTrue(alternative.summary.contains("10 characters on 2 lines, values from -1 to 1."), alternative.summary)
        XCTAssertTrue(alternative.summary.contains("Strongly positive (above 0.5): 3 characters, in 1 stretch, first \"\"cd\"."), alternative.summary)
        XCTAssertTrue(alternative.summary.contains("Strongly negative (below −0.5): 2 characters, in 1 stretch, first \"xy\"."), alternative.summary)
        XCTAssertEqual(alternative.table?.rows.first, ["1", "ab \"cd\"", "0.371", "-0.3", "1"])
    }

    func testTheBuiltinShowsAPictureEverywhereAndRefusesBadValues() {
        let session = Session.standard()
        let shown = session.execute("shade_text(\"a(b)\", [0, 1, 1, 0], title=\"inside\")", storeHistory: false) { _ in }
        XCTAssertNil(shown.error)
        guard case .display(let bundle)? = shown.outputs.first else { return XCTFail("no picture: \(shown.outputs)") }
        XCTAssertTrue((bundle.data["image/svg+xml"] ?? "").contains("<desc id=\"d\">Shaded text &quot;inside&quot;"), bundle.data["image/svg+xml"] ?? "")
        for (code, message) in [("shade_text(\"ab\", [1, 2, 3])", "a vector of 2 values"), ("shade_text(\"ab\", [1, log(0) - log(0)])", "finite values")] {
            let result = session.execute(code, storeHistory: false) { _ in }
            XCTAssertTrue(result.error?.value.contains(message) == true, "\(code): \(result.error?.value ?? "no error")")
        }
    }
}
