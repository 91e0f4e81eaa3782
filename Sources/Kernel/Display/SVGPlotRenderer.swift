import Foundation
import TensorLang

/// Draws a ``Plot`` as a self-contained SVG document for notebooks, from the
/// same ``ChartLayout`` as the terminal: the same ticks, marks and names.
/// Margins are measured from the labels, so tick labels, axis captions and
/// the legend never overlap one another or the data.
public struct SVGPlotRenderer: Sendable {
    public var width: Double
    /// Height of the plotting area (the document grows to fit title, captions and legend).
    public var plotHeight: Double

    public init(width: Double = 560, plotHeight: Double = 240) {
        self.width = width
        self.plotHeight = plotHeight
    }

    public func render(_ plot: Plot) -> String {
        let (body, height) = drawing(plot)
        return SVGText.document(width: width, height: height, title: plot.accessibleName,
                                description: plot.textAlternative.summary, body: body)
    }

    /// The chart's elements, from y = 0 down, and the height they take (for
    /// pictures that stack several charts in one document).
    func drawing(_ plot: Plot) -> (body: [String], height: Double) {
        var body: [String] = []
        var top = 12.0
        for line in wrapped(plot.title, size: 13) {
            top += 16
            body.append(SVGText.text(line, x: width / 2, y: top - 2, anchor: "middle", size: 13, bold: true))
        }
        if !plot.title.isEmpty { top += 8 }
        let height: Double
        switch plot.kind {
        case .line:
            if let layout = ChartLayout(plot) {
                height = lineChart(layout, top: top, into: &body)
            } else {
                body.append(SVGText.text("nothing to plot", x: width / 2, y: top + 20, anchor: "middle"))
                height = top + 40
            }
        case .heatmap(let rows, let columns, let values):
            height = heatmap(rows: rows, columns: columns, values: values, top: top, into: &body)
        case .bar(let labels, let values):
            height = bars(labels: labels, values: values, top: top, into: &body)
        }
        return (body, height)
    }

    /// Splits `text` into lines that fit the picture's width.
    private func wrapped(_ text: String, size: Double) -> [String] {
        guard !text.isEmpty else { return [] }
        let perLine = max(10, Int((width - 24) / (SVGText.width("n", size: size) * 1.1)))
        return wrapWords(text, width: perLine)
    }

    // MARK: Line charts

    /// Draws the chart below `top`; returns the document's height.
    private func lineChart(_ layout: ChartLayout, top: Double, into out: inout [String]) -> Double {
        let captionRoom = layout.yCaption.isEmpty ? 6.0 : 24.0
        let left = captionRoom + (layout.y.labels.map { SVGText.width($0) }.max() ?? 0) + 12
        let right = 16.0
        let plotW = width - left - right, plotH = plotHeight
        func sx(_ x: Double) -> Double { left + layout.x.scale.fraction(x) * plotW }
        func sy(_ y: Double) -> Double { top + (1 - layout.y.scale.fraction(y)) * plotH }

        out.append(##"<rect x="\##(SVGText.fmt(left))" y="\##(SVGText.fmt(top))" width="\##(SVGText.fmt(plotW))" height="\##(SVGText.fmt(plotH))" fill="none" stroke="#888"/>"##)
        for (position, label) in zip(layout.y.positions, layout.y.labels) {
            let y = sy(position)
            out.append(##"<line x1="\##(SVGText.fmt(left))" x2="\##(SVGText.fmt(left + plotW))" y1="\##(SVGText.fmt(y))" y2="\##(SVGText.fmt(y))" stroke="#e4e4e4"/>"##)
            out.append(##"<line x1="\##(SVGText.fmt(left - 4))" x2="\##(SVGText.fmt(left))" y1="\##(SVGText.fmt(y))" y2="\##(SVGText.fmt(y))" stroke="#888"/>"##)
            out.append(SVGText.text(label, x: left - 7, y: y + 4, anchor: "end"))
        }
        var free = -Double.infinity  // x where the next tick label may start
        for (position, label) in zip(layout.x.positions, layout.x.labels) {
            let x = sx(position)
            out.append(##"<line x1="\##(SVGText.fmt(x))" x2="\##(SVGText.fmt(x))" y1="\##(SVGText.fmt(top + plotH))" y2="\##(SVGText.fmt(top + plotH + 4))" stroke="#888"/>"##)
            let half = SVGText.width(label) / 2
            guard x - half >= free, x + half <= width else { continue }
            out.append(SVGText.text(label, x: x, y: top + plotH + 16, anchor: "middle"))
            free = x + half + 6
        }
        if !layout.yCaption.isEmpty {
            let cy = top + plotH / 2
            out.append(SVGText.text(layout.yCaption, x: 14, y: cy, anchor: "middle", extra: ##"transform="rotate(-90 14 \##(SVGText.fmt(cy)))""##))
        }
        var bottom = top + plotH + 20
        if !layout.xCaption.isEmpty {
            bottom += 14
            out.append(SVGText.text(layout.xCaption, x: left + plotW / 2, y: bottom, anchor: "middle"))
        }

        for s in layout.series {
            let points = s.points.map { "\(SVGText.fmt(sx($0.x))),\(SVGText.fmt(sy($0.y)))" }
            guard !points.isEmpty else { continue }
            let dash = s.style.dash.isEmpty ? "" : ##" stroke-dasharray="\##(s.style.dash)""##
            out.append(##"<polyline fill="none" stroke="\##(s.style.hex)" stroke-width="1.8"\##(dash) points="\##(points.joined(separator: " "))"/>"##)
            for i in layout.markedPoints(s, columns: Int(plotW / 5)) {
                out.append(marker(s.style, x: sx(s.points[i].x), y: sy(s.points[i].y)))
            }
        }
        if layout.showsLegend { bottom = legend(layout, top: bottom + 8, into: &out) }
        for note in layout.notes {
            bottom += 16
            out.append(SVGText.text(note, x: left, y: bottom, fill: "#555"))
        }
        return bottom + 10
    }

    /// Legend entries in rows under the chart: a line sample with the series' mark, then its name.
    private func legend(_ layout: ChartLayout, top: Double, into out: inout [String]) -> Double {
        var x = 12.0, baseline = top + 10
        for (s, name) in zip(layout.series, layout.legendNames) {
            let entry = 30 + SVGText.width(name) + 18
            if x > 12, x + entry > width - 8 {
                x = 12
                baseline += 18
            }
            let dash = s.style.dash.isEmpty ? "" : ##" stroke-dasharray="\##(s.style.dash)""##
            out.append(##"<line x1="\##(SVGText.fmt(x))" x2="\##(SVGText.fmt(x + 24))" y1="\##(SVGText.fmt(baseline - 4))" y2="\##(SVGText.fmt(baseline - 4))" stroke="\##(s.style.hex)" stroke-width="1.8"\##(dash)/>"##)
            out.append(marker(s.style, x: x + 12, y: baseline - 4))
            out.append(SVGText.text(name, x: x + 30, y: baseline))
            x += entry
        }
        return baseline
    }

    /// The series' mark as a shape: ● ■ ▲ ◆ filled, ○ □ △ ◇ hollow.
    private func marker(_ style: SeriesStyle, x: Double, y: Double) -> String {
        let hollow = style.index % SeriesStyle.marks.count >= 4
        let paint = hollow ? ##"fill="#ffffff" stroke="\##(style.hex)" stroke-width="1.3""## : ##"fill="\##(style.hex)""##
        let r = 3.6
        switch style.index % 4 {
        case 0: return ##"<circle cx="\##(SVGText.fmt(x))" cy="\##(SVGText.fmt(y))" r="\##(r)" \##(paint)/>"##
        case 1: return ##"<rect x="\##(SVGText.fmt(x - r))" y="\##(SVGText.fmt(y - r))" width="\##(2 * r)" height="\##(2 * r)" \##(paint)/>"##
        case 2: return ##"<path d="M\##(SVGText.fmt(x)),\##(SVGText.fmt(y - r - 1)) L\##(SVGText.fmt(x + r + 0.6)),\##(SVGText.fmt(y + r)) L\##(SVGText.fmt(x - r - 0.6)),\##(SVGText.fmt(y + r)) Z" \##(paint)/>"##
        default: return ##"<path d="M\##(SVGText.fmt(x)),\##(SVGText.fmt(y - r - 1)) L\##(SVGText.fmt(x + r + 1)),\##(SVGText.fmt(y)) L\##(SVGText.fmt(x)),\##(SVGText.fmt(y + r + 1)) L\##(SVGText.fmt(x - r - 1)),\##(SVGText.fmt(y)) Z" \##(paint)/>"##
        }
    }

    // MARK: Heatmaps

    private func heatmap(rows: Int, columns: Int, values: [Double], top: Double, into out: inout [String]) -> Double {
        guard rows > 0, columns > 0, values.count == rows * columns else {
            out.append(SVGText.text("empty heatmap", x: width / 2, y: top + 20, anchor: "middle"))
            return top + 40
        }
        let finite = values.filter(\.isFinite)
        let bound = max(finite.map { abs($0) }.max() ?? 0, 1e-300)
        let labelled = rows <= 30 && columns <= 30
        let left = labelled ? 12 + SVGText.width("\(rows - 1)") : 10.0
        let gridTop = top + (labelled ? 16 : 0)
        let cell = max(1, min(40, (width - left - 20) / Double(columns), 360 / Double(rows)))
        for r in 0..<rows {
            for c in 0..<columns {
                let v = values[r * columns + c]
                out.append(##"<rect x="\##(SVGText.fmt(left + Double(c) * cell))" y="\##(SVGText.fmt(gridTop + Double(r) * cell))" width="\##(SVGText.fmt(cell))" height="\##(SVGText.fmt(cell))" fill="\##(divergingColour(v, bound: bound))"><title>[\##(r), \##(c)] = \##(compactNumber(v, digits: 6))</title></rect>"##)
            }
        }
        if labelled {
            // Index labels only where they fit: every k-th row and column.
            let every = max(1, Int((14 / cell).rounded(.up)))
            for c in stride(from: 0, to: columns, by: every) {
                out.append(SVGText.text("\(c)", x: left + (Double(c) + 0.5) * cell, y: top + 11, anchor: "middle", size: 10))
            }
            for r in stride(from: 0, to: rows, by: every) {
                out.append(SVGText.text("\(r)", x: left - 4, y: gridTop + (Double(r) + 0.5) * cell + 4, anchor: "end", size: 10))
            }
        }
        // The colour scale: −bound … 0 … +bound.
        let scaleTop = gridTop + Double(rows) * cell + 12
        let steps = 20
        for k in 0..<steps {
            let v = -bound + 2 * bound * (Double(k) + 0.5) / Double(steps)
            out.append(##"<rect x="\##(SVGText.fmt(left + Double(k) * 8))" y="\##(SVGText.fmt(scaleTop))" width="8" height="10" fill="\##(divergingColour(v, bound: bound))"/>"##)
        }
        out.append(SVGText.text(compactNumber(-bound), x: left, y: scaleTop + 24, size: 10))
        out.append(SVGText.text(compactNumber(bound), x: left + Double(steps) * 8, y: scaleTop + 24, anchor: "end", size: 10))
        return scaleTop + 34
    }

    /// Blue for negative, white for zero, red for positive, scaled by |v| / bound.
    func divergingColour(_ v: Double, bound: Double) -> String {
        guard v.isFinite else { return "#888888" }
        let t = min(abs(v) / bound, 1)
        let fade = Int((255 * (1 - t)).rounded())
        return v >= 0 ? String(format: "#ff%02x%02x", fade, fade) : String(format: "#%02x%02xff", fade, fade)
    }

    // MARK: Bars

    private func bars(labels: [String], values: [Double], top: Double, into out: inout [String]) -> Double {
        guard !values.isEmpty else {
            out.append(SVGText.text("no bars", x: width / 2, y: top + 20, anchor: "middle"))
            return top + 40
        }
        let names = values.indices.map { $0 < labels.count ? labels[$0] : "" }
        let numbers = values.map { compactNumber($0) }
        let largest = max(values.filter(\.isFinite).map { abs($0) }.max() ?? 0, 1e-300)
        let rowHeight = 20.0
        let left = 10 + (names.map { SVGText.width($0) }.max() ?? 0) + 8
        let barSpace = max(40, width - left - 16 - (numbers.map { SVGText.width($0) }.max() ?? 0) - 8)
        for (i, v) in values.enumerated() {
            let y = top + Double(i) * rowHeight
            let length = v.isFinite ? abs(v) / largest * barSpace : 0
            out.append(SVGText.text(names[i], x: left - 8, y: y + 14, anchor: "end"))
            out.append(##"<rect x="\##(SVGText.fmt(left))" y="\##(SVGText.fmt(y + 3))" width="\##(SVGText.fmt(length))" height="\##(SVGText.fmt(rowHeight - 6))" fill="\##(v < 0 ? "#D55E00" : "#0072B2")"/>"##)
            out.append(SVGText.text(numbers[i], x: left + length + 4, y: y + 14))
        }
        return top + Double(values.count) * rowHeight + 10
    }
}

extension Plot {
    /// What a screen reader announces first: the title, or the kind of chart.
    var accessibleName: String {
        if !title.isEmpty { return title }
        switch kind {
        case .line: return "line chart"
        case .heatmap: return "heatmap"
        case .bar: return "bar chart"
        }
    }
}
