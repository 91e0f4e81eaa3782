import Foundation

/// Draws a ``Plot`` as a self-contained SVG document for notebooks.
public struct SVGPlotRenderer: Sendable {
    public var width: Double
    public var height: Double

    public init(width: Double = 480, height: Double = 300) {
        self.width = width
        self.height = height
    }

    /// Colours for successive series (colour-blind safe, Okabe–Ito).
    static let palette = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"]

    private let margin = (left: 60.0, right: 16.0, top: 28.0, bottom: 36.0)

    public func render(_ plot: Plot) -> String {
        var body: [String] = []
        if !plot.title.isEmpty {
            body.append(##"<text x="\##(fmt(width / 2))" y="18" text-anchor="middle" font-size="14">\##(escape(plot.title))</text>"##)
        }
        switch plot.kind {
        case .line: body += lines(plot)
        case .heatmap(let rows, let columns, let values): body += heatmap(rows: rows, columns: columns, values: values)
        case .bar(let labels, let values): body += bars(labels: labels, values: values)
        }
        return ##"<svg xmlns="http://www.w3.org/2000/svg" width="\##(fmt(width))" height="\##(fmt(height))" viewBox="0 0 \##(fmt(width)) \##(fmt(height))" font-family="sans-serif" font-size="11">"##
            + "\n" + body.joined(separator: "\n") + "\n</svg>"
    }

    // MARK: Line charts

    private func lines(_ plot: Plot) -> [String] {
        guard let b = plot.axisScales() else {
            return [##"<text x="\##(fmt(width / 2))" y="\##(fmt(height / 2))" text-anchor="middle">nothing to plot</text>"##]
        }
        let plotW = width - margin.left - margin.right, plotH = height - margin.top - margin.bottom
        func sx(_ x: Double) -> Double { margin.left + b.x.fraction(x) * plotW }
        func sy(_ y: Double) -> Double { margin.top + (1 - b.y.fraction(y)) * plotH }
        var out: [String] = []
        out.append(##"<rect x="\##(fmt(margin.left))" y="\##(fmt(margin.top))" width="\##(fmt(plotW))" height="\##(fmt(plotH))" fill="none" stroke="#888"/>"##)
        for k in 0...4 {
            let y = b.y.value(at: Double(k) / 4)
            out.append(##"<line x1="\##(fmt(margin.left - 4))" x2="\##(fmt(margin.left))" y1="\##(fmt(sy(y)))" y2="\##(fmt(sy(y)))" stroke="#888"/>"##)
            out.append(##"<text x="\##(fmt(margin.left - 6))" y="\##(fmt(sy(y) + 4))" text-anchor="end">\##(escape(plot.axisLabel(y)))</text>"##)
            let x = b.x.value(at: Double(k) / 4)
            out.append(##"<text x="\##(fmt(sx(x)))" y="\##(fmt(height - margin.bottom + 16))" text-anchor="middle">\##(escape(Plot().axisLabel(x)))</text>"##)
        }
        for (i, s) in plot.series.enumerated() {
            let points = plot.drawablePoints(s).map { "\(fmt(sx($0.x))),\(fmt(sy($0.y)))" }
            guard !points.isEmpty else { continue }
            let colour = SVGPlotRenderer.palette[i % SVGPlotRenderer.palette.count]
            out.append(##"<polyline fill="none" stroke="\##(colour)" stroke-width="1.5" points="\##(points.joined(separator: " "))"/>"##)
            if !s.name.isEmpty {
                let ly = margin.top + 14 + Double(i) * 14
                out.append(##"<text x="\##(fmt(width - margin.right - 4))" y="\##(fmt(ly))" text-anchor="end" fill="\##(colour)">\##(escape(s.name))</text>"##)
            }
        }
        if plot.logY {
            out.append(##"<text x="12" y="\##(fmt(margin.top + plotH / 2))" transform="rotate(-90 12 \##(fmt(margin.top + plotH / 2)))" text-anchor="middle">log scale</text>"##)
        }
        return out
    }

    // MARK: Heatmaps

    private func heatmap(rows: Int, columns: Int, values: [Double]) -> [String] {
        guard rows > 0, columns > 0, values.count == rows * columns else { return [] }
        let finite = values.filter(\.isFinite)
        let bound = max(finite.map { abs($0) }.max() ?? 0, 1e-300)
        let cell = min((width - 20) / Double(columns), (height - margin.top - 10) / Double(rows))
        var out: [String] = []
        for r in 0..<rows {
            for c in 0..<columns {
                let v = values[r * columns + c]
                out.append(##"<rect x="\##(fmt(10 + Double(c) * cell))" y="\##(fmt(margin.top + Double(r) * cell))" width="\##(fmt(cell))" height="\##(fmt(cell))" fill="\##(divergingColour(v, bound: bound))"><title>[\##(r), \##(c)] = \##(v)</title></rect>"##)
            }
        }
        return out
    }

    /// Blue for negative, white for zero, red for positive, scaled by |v| / bound.
    func divergingColour(_ v: Double, bound: Double) -> String {
        guard v.isFinite else { return "#888888" }
        let t = min(abs(v) / bound, 1)
        let fade = Int((255 * (1 - t)).rounded())
        return v >= 0 ? String(format: "#ff%02x%02x", fade, fade) : String(format: "#%02x%02xff", fade, fade)
    }

    // MARK: Bars

    private func bars(labels: [String], values: [Double]) -> [String] {
        guard !values.isEmpty else { return [] }
        let largest = max(values.filter(\.isFinite).map { abs($0) }.max() ?? 0, 1e-300)
        let rowHeight = min(22, (height - margin.top - 10) / Double(values.count))
        let barSpace = width - margin.left - margin.right - 50
        var out: [String] = []
        for (i, v) in values.enumerated() {
            let y = margin.top + Double(i) * rowHeight
            let length = v.isFinite ? abs(v) / largest * barSpace : 0
            let label = i < labels.count ? labels[i] : ""
            out.append(##"<text x="\##(fmt(margin.left - 6))" y="\##(fmt(y + rowHeight * 0.7))" text-anchor="end">\##(escape(label))</text>"##)
            out.append(##"<rect x="\##(fmt(margin.left))" y="\##(fmt(y + 2))" width="\##(fmt(length))" height="\##(fmt(rowHeight - 4))" fill="\##(v < 0 ? "#D55E00" : "#0072B2")"/>"##)
            out.append(##"<text x="\##(fmt(margin.left + length + 4))" y="\##(fmt(y + rowHeight * 0.7))">\##(escape(Plot().axisLabel(v)))</text>"##)
        }
        return out
    }

    // MARK: Helpers

    private func fmt(_ v: Double) -> String { String(format: "%.1f", v) }

    /// Escapes text for SVG/XML content and attributes.
    func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
