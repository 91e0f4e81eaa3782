import XCTest
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
@testable import Kernel
import TensorLang

final class TextPlotTests: XCTestCase {
    func testRisingLineGoesFromBottomLeftToTopRightWithRoundTicks() {
        let text = TextPlotRenderer(width: 20, height: 9).render(.line([0, 1]))
        let rows = text.split(separator: "\n").map(String.init)
        // Ticks 0, 0.5, 1 (steps of 5 × 10⁻¹); the top row is 1, the bottom 0.
        XCTAssertTrue(rows[0].hasPrefix("1.0 ┤"), text)
        XCTAssertTrue(rows[8].hasPrefix("0.0 ┤"), text)
        XCTAssertTrue(rows.contains { $0.hasPrefix("0.5 ┤") }, text)
        // The line's ends carry the series' mark: bottom-left and top-right.
        XCTAssertEqual(Array(rows[8])[5], "●", text)
        XCTAssertEqual(rows[0].last, "●", text)
        XCTAssertTrue(rows[9].hasPrefix("    └┬"), text)
    }

    func testLogScaleLabelsPowersOfTenAndSkipsNonPositiveValues() {
        let text = TextPlotRenderer(width: 20, height: 6).render(.line([1, 10, 100, 0], logY: true))
        XCTAssertTrue(text.contains("100 ┤"), text)
        XCTAssertTrue(text.contains("  1 ┤"), text)
        XCTAssertTrue(text.hasPrefix("log scale"), text)
        XCTAssertTrue(text.contains("(1 point not drawn: not positive or not finite)"), text)
    }

    func testNothingToPlotSaysSo() {
        XCTAssertEqual(TextPlotRenderer().render(.line([.nan])), "(nothing to plot: no finite values)")
    }

    func testEachSeriesHasItsOwnMarkAndALegendEntryWithoutColour() {
        let plot = Plot(series: (0..<5).map { i in
            Plot.Series(name: "sigma \(i)", x: [1, 2, 5, 10], y: [1, 2, 3, 4].map { $0 + 6 * Double(i) })
        })
        let text = TextPlotRenderer(columns: 80).render(plot)
        for (mark, name) in zip(["●", "■", "▲", "◆", "○"], (0..<5).map { "sigma \($0)" }) {
            XCTAssertTrue(text.contains("\(mark) \(name)"), "legend entry \(mark) \(name)")
            XCTAssertEqual(text.filter { String($0) == mark }.count, 4 + 1, "one \(mark) per point plus the legend's")
        }
        XCTAssertFalse(text.contains("\u{1B}"), "no escape codes unless asked for colour")
        XCTAssertTrue(text.split(separator: "\n").allSatisfy { $0.count <= 80 })
    }

    func testColourIsOnlyAddedWhenAskedFor() {
        let plot = Plot(series: [.init(name: "a", x: [0, 1], y: [0, 1]), .init(name: "b", x: [0, 1], y: [1, 0])])
        let coloured = TextPlotRenderer().render(plot, colour: true)
        XCTAssertTrue(coloured.contains("\u{1B}[38;5;25m"), "series 1 in Okabe–Ito blue")
        XCTAssertTrue(coloured.contains("\u{1B}[38;5;166m"), "series 2 in vermillion")
        let stripped = coloured.replacingOccurrences(of: "\u{1B}\\[[0-9;]*m", with: "", options: .regularExpression)
        XCTAssertEqual(stripped, TextPlotRenderer().render(plot), "colour changes nothing but the escape codes")
    }

    func testNoLineIsWiderThanTheTerminal() {
        let plot = Plot(series: [.init(name: "a long series name", x: Array(0..<100).map(Double.init), y: Array(0..<100).map { Double($0) * 1e-7 })],
                        title: "a title")
        for columns in [40, 80, 100, 120] {
            let text = TextPlotRenderer(width: 200, columns: columns).render(plot)
            XCTAssertTrue(text.split(separator: "\n").allSatisfy { $0.count <= columns }, "\(columns):\n\(text)")
        }
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

final class AxisTicksTests: XCTestCase {
    func testLinearTicksStepByOneTwoOrFiveTimesAPowerOfTen() {
        let cases: [(Double, Double, [String])] = [
            (0, 1, ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"]),
            (1, 30, ["0", "10", "20", "30"]),
            (3.2, 8.25, ["3", "4", "5", "6", "7", "8", "9"]),
            (-0.03, 0.07, ["-0.04", "-0.02", "0.00", "0.02", "0.04", "0.06", "0.08"]),
            (0, 2.5e5, ["0", "50000", "100000", "150000", "200000", "250000"]),
            (0, 2.5e6, ["0", "5e5", "1e6", "1.5e6", "2e6", "2.5e6"]),
            (6.3e-6, 9.1e-6, ["6e-6", "6.5e-6", "7e-6", "7.5e-6", "8e-6", "8.5e-6", "9e-6", "9.5e-6"]),
        ]
        for (low, high, labels) in cases {
            let ticks = AxisTicks.linear(AxisScale(low: low, high: high), target: 5)
            XCTAssertEqual(ticks.labels, labels, "\(low)…\(high)")
            XCTAssertLessThanOrEqual(ticks.scale.low, low)
            XCTAssertGreaterThanOrEqual(ticks.scale.high, high)
        }
    }

    func testLogTicksArePowersOfTen() {
        // 9.3e-10 … 1.9e5, as lesson 7's σ sweep: every 5th decade.
        let wide = AxisTicks.logarithmic(AxisScale(low: log10(9.3e-10), high: log10(1.9e5)), target: 5)
        XCTAssertEqual(wide.labels, ["1e-10", "1e-5", "1", "1e5"])
        let narrow = AxisTicks.logarithmic(AxisScale(low: log10(0.02), high: log10(30)), target: 5)
        XCTAssertEqual(narrow.labels, ["0.01", "0.1", "1", "10", "100"])
        // Less than two decades: 1, 2, 5 × 10ⁿ.
        let short = AxisTicks.logarithmic(AxisScale(low: log10(0.3), high: log10(4)), target: 5)
        XCTAssertEqual(short.labels, ["0.2", "0.5", "1", "2", "5"])
    }

    func testCompactNumbers() {
        let cases: [(Double, String)] = [(0.98234, "0.982"), (1.0412, "1.04"), (-12.5, "-12.5"), (1234, "1234"),
                                         (9.313e-10, "9.31e-10"), (191751, "1.92e5"), (0, "0"), (1, "1"), (.nan, "NaN"), (-.infinity, "-∞")]
        for (v, text) in cases { XCTAssertEqual(compactNumber(v), text) }
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
        XCTAssertEqual(svg.components(separatedBy: "<title>[").count - 1, 4, "one cell per element, each with its value")
    }

    func testBarsAreWellFormed() {
        assertWellFormed(SVGPlotRenderer().render(Plot(kind: .bar(labels: ["x"], values: [-2]))))
    }
}

final class DrawUnrolledTests: XCTestCase {
    func testFactorsComeFromWAndTheStates() {
        // h₁ = (0.5, 0): slopes 1 − h² = (0.75, 1), so the factor is ‖diag(0.75, 1) W‖₂ = ‖[[1.5, 0], [0, 1]]‖₂ = 1.5.
        var options = SessionOptions()
        options.drawsSVG = false
        options.display.columns = 100
        let session = Session.standard(options)
        let result = session.execute("draw_unrolled([[0, 0], [0.5, 0]], W=[[2, 0], [0, 1]])", storeHistory: true) { _ in }
        guard case .display(let bundle)? = result.outputs.first else { return XCTFail("\(result)") }
        XCTAssertTrue(bundle.plain.contains("─ 1.5 ─"), bundle.plain)
        XCTAssertTrue(bundle.plain.contains("σ\u{00A0}=\u{00A0}2"), bundle.plain)
        XCTAssertTrue(bundle.plain.split(separator: "\n").allSatisfy { $0.count <= 100 })
    }

    func testAccessibleModeDescribesInsteadOfDrawing() {
        var options = SessionOptions()
        options.drawsSVG = false
        options.display.accessible = true
        let session = Session.standard(options)
        for program in ["draw_unrolled([[0, 0], [0.5, 0]], factors=[0.9])", "plot([1, 2, 4], log=true)", "heatmap([[1, -1]])", "bar([1, 2])"] {
            let result = session.execute(program, storeHistory: true) { _ in }
            guard case .display(let bundle)? = result.outputs.first else { return XCTFail("\(program): \(result)") }
            let drawing = bundle.plain.unicodeScalars.filter { (0x2500...0x259F).contains($0.value) || (0x2800...0x28FF).contains($0.value) }
            XCTAssertTrue(drawing.isEmpty, "\(program): \(bundle.plain)")
            XCTAssertTrue(bundle.plain.first?.isLetter ?? false, bundle.plain)
        }
    }
}
