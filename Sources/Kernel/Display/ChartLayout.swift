import Foundation
import TensorLang

/// How one series is told apart from the others: a colour, and a mark and a
/// dash pattern that survive without colour (NO_COLOR, a pipe, a printout, a
/// copy-paste). Terminal and SVG use the same style for the same series.
struct SeriesStyle: Sendable, Equatable {
    /// The series' position among the plot's series.
    var index: Int

    /// Colour-blind-safe colours (Okabe–Ito), as SVG hex and as the nearest xterm-256 colour.
    static let palette: [(hex: String, ansi: Int)] = [
        ("#0072B2", 25), ("#D55E00", 166), ("#009E73", 36), ("#CC79A7", 175),
        ("#E69F00", 214), ("#56B4E9", 74), ("#000000", 16),
    ]
    /// Marks for terminals; SVG draws the same shapes.
    static let marks: [Character] = ["●", "■", "▲", "◆", "○", "□", "△", "◇"]
    /// SVG `stroke-dasharray` per series (solid first).
    static let dashes = ["", "7 3", "2 2", "9 3 2 3", "4 4", "1 3", "12 4"]

    var hex: String { Self.palette[index % Self.palette.count].hex }
    var ansi: Int { Self.palette[index % Self.palette.count].ansi }
    var mark: Character { Self.marks[index % Self.marks.count] }
    var dash: String { Self.dashes[index % Self.dashes.count] }
}

/// A line chart laid out independently of the medium: axis ranges, ticks and
/// their labels, the series' points in axis units with their styles, the legend
/// and the notes. ``TextPlotRenderer`` maps it onto character cells and
/// ``SVGPlotRenderer`` onto pixels, so both show the same ticks, marks and names.
struct ChartLayout: Sendable {
    struct SeriesLayout: Sendable {
        var name: String
        var style: SeriesStyle
        /// Drawable points in axis units (log₁₀ y on a log axis).
        var points: [(x: Double, y: Double)]
    }

    var title: String
    var x: AxisTicks
    var y: AxisTicks
    /// The y axis' caption, e.g. `‖∂h_T/∂h_k‖ (log scale)`; empty when there is none.
    var yCaption: String
    /// The x axis' caption; empty when there is none.
    var xCaption: String
    var series: [SeriesLayout]
    /// Whether a legend is shown: several series, or one with a name.
    var showsLegend: Bool
    /// Remarks under the chart, e.g. how many points could not be drawn.
    var notes: [String]

    /// Lays out `plot`'s line chart; nil when it has no drawable point.
    /// - Parameters:
    ///   - xTicks, yTicks: about how many ticks each axis gets (a small terminal chart asks for fewer).
    init?(_ plot: Plot, xTicks: Int = 6, yTicks: Int = 5) {
        guard let scales = plot.axisScales() else { return nil }
        title = plot.title
        x = AxisTicks.linear(scales.x, target: xTicks)
        y = plot.logY ? AxisTicks.logarithmic(scales.y, target: yTicks) : AxisTicks.linear(scales.y, target: yTicks)
        xCaption = plot.xLabel
        yCaption = plot.logY ? (plot.yLabel.isEmpty ? "log scale" : plot.yLabel + " (log scale)") : plot.yLabel
        series = plot.series.enumerated().map { i, s in
            SeriesLayout(name: s.name, style: SeriesStyle(index: i), points: plot.drawablePoints(s))
        }
        let named = plot.series.filter { !$0.name.isEmpty }.count
        showsLegend = named > 0 && (plot.series.count > 1 || named == 1)
        notes = []
        let omitted = plot.omittedCount
        if omitted > 0 {
            notes.append("(\(omitted) point\(omitted == 1 ? "" : "s") not drawn: \(plot.logY ? "not positive or " : "")not finite)")
        }
    }

    /// The series' names for the legend, unnamed ones called `series N`.
    var legendNames: [String] {
        series.map { $0.name.isEmpty ? "series \($0.style.index + 1)" : $0.name }
    }

    /// Which points of `s` carry its mark when the chart is `columns` cells wide:
    /// every point of a sparse series; on a dense one about a dozen, shifted per
    /// series so the marks of different series do not pile up at the same x.
    func markedPoints(_ s: SeriesLayout, columns: Int) -> [Int] {
        let columns = max(columns, 1)
        let dense = s.points.count > columns / 3
        // A lone dense line needs no marks to be told apart.
        if dense, series.count == 1 { return [] }
        let spacing = dense ? max(3, columns / 12) : 1
        var next = dense ? s.style.index * spacing / max(series.count, 1) : 0
        var marked: [Int] = []
        for (i, p) in s.points.enumerated() {
            let column = x.scale.point(p.x, count: columns)
            if column >= next {
                marked.append(i)
                next = column + spacing
            }
        }
        return marked
    }
}
