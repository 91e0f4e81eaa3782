import XCTest
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
@testable import Kernel

final class TextPlotTests: XCTestCase {
    func testRisingLineGoesFromBottomLeftToTopRight() {
        let text = TextPlotRenderer(width: 8, height: 3).render(.line([0, 1]))
        let rows = text.split(separator: "\n").map(String.init)
        // 16×12 dots; the line runs from dot (0, 11) to dot (15, 0) through the diagonal.
        // Row 0 is the top: its last cell holds dots (15, 0) = bit 0x08 and (14, 1) = bit 0x02.
        XCTAssertTrue(rows[0].hasPrefix("1 ┤"))
        XCTAssertEqual(rows[0].unicodeScalars.last, Unicode.Scalar(0x2800 + 0x08 + 0x02))
        // Row 2 is the bottom: its first cell holds dots (0, 11) = bit 0x40 and (1, 10) = bit 0x20.
        XCTAssertTrue(rows[2].hasPrefix("0 ┤"))
        XCTAssertEqual(Array(rows[2].unicodeScalars)[3], Unicode.Scalar(0x2800 + 0x40 + 0x20))
        XCTAssertEqual(rows[3], "  └────────")
    }

    func testLogScaleLabelsPowersOfTenAndSkipsNonPositiveValues() {
        let text = TextPlotRenderer(width: 10, height: 4).render(.line([1, 10, 100, 0], logY: true))
        XCTAssertTrue(text.contains("100 ┤"), text)
        XCTAssertTrue(text.contains("  1 ┤"), text)
        XCTAssertTrue(text.contains("(log scale)"))
        XCTAssertTrue(text.contains("(1 point(s) not drawn"))
    }

    func testNothingToPlotSaysSo() {
        XCTAssertEqual(TextPlotRenderer().render(.line([.nan])), "(nothing to plot: no finite values)")
    }

    func testHeatmapShadesFromLowToHigh() {
        let plot = Plot(kind: .heatmap(rows: 1, columns: 3, values: [0, 0.5, 1]))
        let first = TextPlotRenderer().render(plot).split(separator: "\n")[0]
        XCTAssertEqual(first, "  ▒▒██")
    }

    func testBarsScaleToTheLargestMagnitude() {
        let plot = Plot(kind: .bar(labels: ["a", "bb"], values: [2, 1]))
        let rows = TextPlotRenderer(width: 8).render(plot).split(separator: "\n").map(String.init)
        XCTAssertEqual(rows[0], "a  │████████ 2")
        XCTAssertEqual(rows[1], "bb │████ 1")
    }
}

final class SVGPlotTests: XCTestCase {
    /// The SVG must be well-formed XML, or a notebook shows nothing.
    private func assertWellFormed(_ svg: String, file: StaticString = #filePath, line: UInt = #line) {
        let parser = XMLParser(data: Data(svg.utf8))
        XCTAssertTrue(parser.parse(), "not well-formed: \(parser.parserError.map { "\($0)" } ?? "")", file: file, line: line)
    }

    func testLineChartIsWellFormedWithOnePolylinePerSeries() {
        let plot = Plot(series: [.init(name: "σ = 0.9", x: [0, 1, 2], y: [1, 0.9, 0.81]),
                                 .init(name: "σ <1.1> & more", x: [0, 1, 2], y: [1, 1.1, 1.21])],
                        title: "‖∂h_T/∂h_k‖", logY: true)
        let svg = SVGPlotRenderer().render(plot)
        assertWellFormed(svg)
        XCTAssertEqual(svg.components(separatedBy: "<polyline").count - 1, 2)
        XCTAssertTrue(svg.contains("σ &lt;1.1&gt; &amp; more"))
    }

    func testHeatmapUsesADivergingScale() {
        let renderer = SVGPlotRenderer()
        XCTAssertEqual(renderer.divergingColour(1, bound: 1), "#ff0000")
        XCTAssertEqual(renderer.divergingColour(-1, bound: 1), "#0000ff")
        XCTAssertEqual(renderer.divergingColour(0, bound: 1), "#ffffff")
        let svg = renderer.render(Plot(kind: .heatmap(rows: 2, columns: 2, values: [1, -1, 0, .nan])))
        assertWellFormed(svg)
        XCTAssertEqual(svg.components(separatedBy: "<rect").count - 1, 4)
    }

    func testBarsAreWellFormed() {
        assertWellFormed(SVGPlotRenderer().render(Plot(kind: .bar(labels: ["x"], values: [-2]))))
    }
}

final class UnrolledDiagramTests: XCTestCase {
    let diagram = UnrolledDiagram(steps: [
        .init(value: "[0.00]", gradient: nil),
        .init(value: "[0.50]", gradient: "[0.30]"),
        .init(value: "?", gradient: "[1.00]"),
    ], title: "t")

    func testTextShowsBoxesArrowsValuesAndGradients() {
        let lines = diagram.text().split(separator: "\n").map(String.init)
        XCTAssertEqual(lines[0], "t")
        XCTAssertEqual(lines[2], "    │    h₀     │───▶│    h₁     │───▶│    h₂     │")
        XCTAssertEqual(lines[3], "    │  [0.00]   │    │  [0.50]   │    │     ?     │")
        XCTAssertTrue(lines[7].contains("◀───   ∂L/∂h₁"), lines[7])
        XCTAssertEqual(lines[7].components(separatedBy: "◀───").count - 1, 2, "one backward arrow per revealed gradient")
        XCTAssertTrue(lines[8].contains("[1.00]"))
    }

    func testSVGIsWellFormedWithOneBoxPerStep() {
        let svg = diagram.svg()
        XCTAssertTrue(XMLParser(data: Data(svg.utf8)).parse())
        XCTAssertEqual(svg.components(separatedBy: "<rect").count - 1, 3)
    }

    func testWideNetworksWrap() {
        let wide = UnrolledDiagram(steps: Array(repeating: .init(value: "·", gradient: nil), count: 8))
        XCTAssertTrue(wide.text(perRow: 6).contains("───▶│    h₆"))
        XCTAssertEqual(subscriptDigits(12), "₁₂")
    }
}
