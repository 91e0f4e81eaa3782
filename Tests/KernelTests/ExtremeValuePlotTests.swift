import XCTest
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
@testable import Kernel
import TensorLang

/// Every renderer is total: any finite, NaN or infinite input draws something and
/// never traps (these inputs used to overflow the range or convert NaN to Int).
final class ExtremeValuePlotTests: XCTestCase {
    static let nasty: [[Double]] = [
        [1e308, -1e308], [.greatestFiniteMagnitude, -.greatestFiniteMagnitude], [1e308, 1e308],
        [.nan, .infinity, -.infinity], [Double.leastNonzeroMagnitude, -Double.leastNonzeroMagnitude, 0], [1, .nan, 2], [], [0],
        [.greatestFiniteMagnitude], [-.greatestFiniteMagnitude, 1, .infinity],
    ]

    private func assertWellFormed(_ svg: String, _ message: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertTrue(XMLParser(data: Data(svg.utf8)).parse(), message, file: file, line: line)
        let coordinate = try! NSRegularExpression(pattern: #"(x|y|x1|x2|y1|y2|width|height|points)="[^"]*(nan|inf)"#)
        XCTAssertNil(coordinate.firstMatch(in: svg, range: NSRange(svg.startIndex..., in: svg)), "non-finite coordinate: \(message)", file: file, line: line)
    }

    func testLineChartsOfExtremeValuesRender() {
        for y in Self.nasty {
            for logY in [false, true] {
                let plot = Plot.line(y, logY: logY)
                XCTAssertFalse(TextPlotRenderer().render(plot).isEmpty)
                assertWellFormed(SVGPlotRenderer().render(plot), "\(y)")
            }
            for x in Self.nasty where x.count == y.count {
                let plot = Plot(series: [.init(name: "s", x: x, y: y)])
                XCTAssertFalse(TextPlotRenderer().render(plot).isEmpty)
                assertWellFormed(SVGPlotRenderer().render(plot), "\(x) \(y)")
            }
        }
    }

    func testTheIssueReproducersDrawBothEnds() {
        // plot([1e308, -1e308]): the top label is the largest value, the bottom the smallest.
        let text = TextPlotRenderer(width: 10, height: 4).render(.line([1e308, -1e308]))
        XCTAssertTrue(text.contains(" 1e308 ┤"), text)
        XCTAssertTrue(text.contains("-1e308 ┤"), text)
        // plot([1, 2], x=[-1e308, 1e308]) spans the whole width.
        let wide = TextPlotRenderer(width: 40, height: 4).render(Plot(series: [.init(name: "", x: [-1e308, 1e308], y: [1, 2])]))
        XCTAssertTrue(wide.contains("-1e308") && wide.contains(" 1e308"), wide)
        // heatmap([[1e308, -1e308]]): the high cell is darkest, the low one blank.
        let heat = TextPlotRenderer().render(Plot(kind: .heatmap(rows: 1, columns: 2, values: [1e308, -1e308])))
        XCTAssertEqual(heat.split(separator: "\n").first, "██")
    }

    func testHeatmapsAndBarsOfExtremeValuesRender() {
        for values in Self.nasty where !values.isEmpty {
            let heat = Plot(kind: .heatmap(rows: 1, columns: values.count, values: values))
            let bars = Plot(kind: .bar(labels: values.map { "\($0)" }, values: values))
            for plot in [heat, bars] {
                XCTAssertFalse(TextPlotRenderer().render(plot).isEmpty)
                XCTAssertTrue(XMLParser(data: Data(SVGPlotRenderer().render(plot).utf8)).parse(), "\(values)")
            }
        }
    }

    func testAxisScaleIsTotal() {
        let scale = AxisScale(low: -1e308, high: 1e308)
        XCTAssertEqual(scale.fraction(0), 0.5)
        XCTAssertEqual(scale.fraction(1e308), 1)
        XCTAssertEqual(scale.cell(.nan, count: 5), 0)
        XCTAssertEqual(scale.cell(.infinity, count: 5), 4)
        XCTAssertEqual(scale.cell(-.infinity, count: 5), 0)
        XCTAssertEqual(scale.point(1e308, count: 7), 6)
        XCTAssertEqual(scale.value(at: 1), 1e308)
        let point = AxisScale(low: .greatestFiniteMagnitude, high: .greatestFiniteMagnitude)
        XCTAssertTrue(point.low < point.high && point.high.isFinite)
        XCTAssertNil(AxisScale(spanning: [Double.nan, .infinity]))
    }

    /// The programs from the issue, through a whole session (they trapped in the text renderer).
    func testPlotsOfHugeValuesShowAPictureInsteadOfCrashing() {
        let session = Session()
        for program in ["plot([1e308, -1e308])", "plot([1, 2], x=[-1e308, 1e308])", "heatmap([[1e308, -1e308]])",
                        "plot([1e308, -1e308], log=true)", "bar([1e308, -1e308, 0])", "plot([0/0, 1/0, -1/0])",
                        "draw_unrolled([[1e308, -1e308], [0/0, 1/0]], [[1e308, 1e308], [-1/0, 0]])"] {
            let result = session.execute(program, storeHistory: true) { _ in }
            XCTAssertNil(result.error, program)
            guard case .display(let bundle)? = result.outputs.first else { return XCTFail("\(program): \(result.outputs)") }
            XCTAssertFalse(bundle.plain.isEmpty, program)
        }
    }
}
