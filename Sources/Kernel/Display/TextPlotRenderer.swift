/// Draws a ``Plot`` with Unicode characters for a terminal.
///
/// Line charts use braille cells (2×4 dots each), so a 60×15 character chart
/// has 120×60 dots of resolution; heatmaps use the shades ` ░▒▓█`; bars use
/// eighth blocks for fractional lengths.
public struct TextPlotRenderer: Sendable {
    /// Width and height of the drawing area, in characters.
    public var width: Int
    public var height: Int

    public init(width: Int = 60, height: Int = 15) {
        self.width = max(width, 8)
        self.height = max(height, 3)
    }

    public func render(_ plot: Plot) -> String {
        var lines: [String] = []
        if !plot.title.isEmpty { lines.append(plot.title) }
        switch plot.kind {
        case .line: lines += renderLines(plot)
        case .heatmap(let rows, let columns, let values): lines += renderHeatmap(rows: rows, columns: columns, values: values)
        case .bar(let labels, let values): lines += renderBars(labels: labels, values: values)
        }
        return lines.joined(separator: "\n")
    }

    // MARK: Line charts

    private static let brailleBits: [[UInt32]] = [[0x01, 0x08], [0x02, 0x10], [0x04, 0x20], [0x40, 0x80]]

    private func renderLines(_ plot: Plot) -> [String] {
        guard let b = plot.axisScales() else { return ["(nothing to plot: no finite\(plot.logY ? ", positive" : "") values)"] }
        let dotsWide = width * 2, dotsHigh = height * 4
        var cells = [[UInt32]](repeating: [UInt32](repeating: 0, count: width), count: height)
        func dot(_ x: Double, _ y: Double) -> (Int, Int) {
            (b.x.point(x, count: dotsWide), dotsHigh - 1 - b.y.point(y, count: dotsHigh))
        }
        func set(_ col: Int, _ row: Int) {
            cells[row / 4][col / 2] |= TextPlotRenderer.brailleBits[row % 4][col % 2]
        }
        for s in plot.series {
            let points = plot.drawablePoints(s).map { dot($0.x, $0.y) }
            guard var previous = points.first else { continue }
            set(previous.0, previous.1)
            for p in points.dropFirst() {
                // Connect consecutive points so steep changes still read as a line.
                let steps = max(abs(p.0 - previous.0), abs(p.1 - previous.1), 1)
                for k in 1...steps {
                    let t = Double(k) / Double(steps)
                    set(previous.0 + Int((Double(p.0 - previous.0) * t).rounded()),
                        previous.1 + Int((Double(p.1 - previous.1) * t).rounded()))
                }
                previous = p
            }
        }
        let top = plot.axisLabel(b.y.high), bottom = plot.axisLabel(b.y.low)
        let labelWidth = max(top.count, bottom.count)
        func pad(_ s: String) -> String { String(repeating: " ", count: labelWidth - s.count) + s }
        var out: [String] = []
        for (r, row) in cells.enumerated() {
            let label = r == 0 ? pad(top) : r == height - 1 ? pad(bottom) : String(repeating: " ", count: labelWidth)
            let text = String(String.UnicodeScalarView(row.map { Unicode.Scalar(0x2800 + $0) ?? " " }))
            out.append("\(label) ┤\(text)")
        }
        out.append(String(repeating: " ", count: labelWidth) + " └" + String(repeating: "─", count: width))
        let left = Plot(logY: false).axisLabel(b.x.low), right = Plot(logY: false).axisLabel(b.x.high)
        let gap = max(1, width - left.count - right.count)
        out.append(String(repeating: " ", count: labelWidth + 2) + left + String(repeating: " ", count: gap) + right)
        let named = plot.series.filter { !$0.name.isEmpty }
        if named.count > 1 || (named.count == 1 && plot.series.count == 1) {
            out.append("series: " + named.map(\.name).joined(separator: ", "))
        }
        if plot.logY { out.append("(log scale)") }
        if plot.omittedCount > 0 { out.append("(\(plot.omittedCount) point(s) not drawn: \(plot.logY ? "not positive or " : "")not finite)") }
        return out
    }

    // MARK: Heatmaps

    private static let shades: [Character] = [" ", "░", "▒", "▓", "█"]

    private func renderHeatmap(rows: Int, columns: Int, values: [Double]) -> [String] {
        guard rows > 0, columns > 0, values.count == rows * columns else { return ["(empty heatmap)"] }
        let scale = AxisScale(spanning: values)
        var out: [String] = []
        for r in 0..<rows {
            var line = ""
            for c in 0..<columns {
                let v = values[r * columns + c]
                let shade: Character
                if let scale, v.isFinite { shade = TextPlotRenderer.shades[scale.cell(v, count: 5)] } else { shade = "?" }
                // Two characters per cell keep cells roughly square in a terminal.
                line.append(shade); line.append(shade)
            }
            out.append(line)
        }
        let finite = values.filter(\.isFinite)
        if let low = finite.min(), let high = finite.max() {
            out.append("min \(Plot().axisLabel(low))  ░▒▓█  max \(Plot().axisLabel(high))")
        }
        return out
    }

    // MARK: Bars

    private static let eighths: [Character] = ["▏", "▎", "▍", "▌", "▋", "▊", "▉", "█"]

    private func renderBars(labels: [String], values: [Double]) -> [String] {
        guard !values.isEmpty else { return ["(no bars)"] }
        let largest = values.filter(\.isFinite).map { abs($0) }.max() ?? 0
        let labelWidth = labels.map(\.count).max() ?? 0
        return values.enumerated().map { i, v in
            let label = i < labels.count ? labels[i] : ""
            let padded = label + String(repeating: " ", count: labelWidth - label.count)
            guard v.isFinite else { return "\(padded) │ \(v)" }
            let eighthsCount = largest == 0 ? 0 : Int((abs(v) / largest * Double(width * 8)).rounded())
            var bar = String(repeating: "█", count: eighthsCount / 8)
            if eighthsCount % 8 > 0 { bar.append(TextPlotRenderer.eighths[eighthsCount % 8 - 1]) }
            return "\(padded) │\(v < 0 ? "-" : "")\(bar) \(Plot().axisLabel(v))"
        }
    }
}
