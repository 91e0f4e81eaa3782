import XCTest
@testable import Kernel

final class TerminalMarkdownTests: XCTestCase {
    private func plain(_ markdown: String, width: Int = 60, colour: Bool = false, accessible: Bool = false) -> String {
        TerminalMarkdown(width: width, colour: colour, accessible: accessible).render(markdown).joined(colour: false)
    }

    func testEmphasisMarkersDisappearAndMathInsideWordsStays() {
        XCTAssertEqual(plain("The **product** of *many* factors h_t and σ^k, a * b."),
                       "The product of many factors h_t and σ^k, a * b.")
        XCTAssertEqual(plain("Keep `W_hh @ h` as code."), "Keep `W_hh @ h` as code.", "plain text keeps the backticks")
        XCTAssertEqual(plain("Keep `W_hh @ h` as code.", colour: true), "Keep W_hh @ h as code.", "colour shows code by its colour")
    }

    func testColourOnlyInTheANSIForm() {
        let lines = TerminalMarkdown(width: 60, colour: true).render("# Title\n\nSome **bold** and `code`.")
        XCTAssertFalse(lines.joined(colour: false).contains("\u{1B}"))
        let ansi = lines.joined(colour: true)
        XCTAssertTrue(ansi.contains("\u{1B}[1;38;5;25mTitle"), ansi)
        XCTAssertTrue(ansi.contains("\u{1B}[1mbold\u{1B}[0m"), ansi)
        XCTAssertTrue(ansi.contains("\u{1B}[38;5;30mcode\u{1B}[0m"), ansi)
    }

    func testHeadingsListsAndCodeBlocks() {
        let text = plain("""
            ## One factor

            With the chain rule:

                ∂h_t/∂h_{t−1} = diag(tanh′(a_t)) · W_hh

            - first item that is long enough to wrap onto a second line at this width
            - second

            ```
            h0 ──▶ h1
            ```
            """, width: 40)
        XCTAssertEqual(text, """
            One factor
            ──────────

            With the chain rule:

              │ ∂h_t/∂h_{t−1} = diag(tanh′(a_t)) · W_hh

              • first item that is long enough to
                wrap onto a second line at this
                width
              • second

              │ h0 ──▶ h1
            """)
    }

    func testParagraphsWrapToTheWidth() {
        let text = plain(String(repeating: "word ", count: 40), width: 30)
        XCTAssertTrue(text.split(separator: "\n").allSatisfy { $0.count <= 30 })
    }

    func testLongHeadingsWrapAndTheirRuleFits() {
        XCTAssertEqual(plain("## Assembling a weight gradient from the factors", width: 30),
                       "Assembling a weight gradient\nfrom the factors\n────────────────────────────")
    }

    func testAccessibleFormDrawsNoLines() {
        let text = plain("# Title\n\n    code\n\n> quoted", accessible: true)
        XCTAssertEqual(text, "Title\n\n    code\n\n> quoted")
    }
}
