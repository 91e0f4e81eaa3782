import TensorLang

/// Draws a ``Plot`` with Unicode characters for a terminal.
///
/// Line charts use braille cells (2×4 dots each) for the lines and a distinct
/// mark per series (● ■ ▲ ◆ …) at its data points, so series stay apart
/// without colour; on a colour terminal each series also gets its colour.
/// Heatmaps use the shades ` ░▒▓█`; bars use eighth blocks for fractional lengths.
public struct TextPlotRenderer: Sendable {
    /// Width and height of the drawing area, in characters.
    public var width: Int
    public var height: Int
    /// The terminal's width: the drawing shrinks so no line is wider. Nil: no limit.
    public var columns: Int?

    public init(width: Int = 60, height: Int = 15, columns: Int? = nil) {
        self.width = max(width, 8)
        self.height = max(height, 3)
        self.columns = columns.map { max($0, 20) }
    }

    /// The plot as plain text.
    public func render(_ plot: Plot) -> String { lines(plot).joined(colour: false) }

    /// The plot as text, with ANSI colours when `colour` is true.
    public func render(_ plot: Plot, colour: Bool) -> String { lines(plot).joined(colour: colour) }

    func lines(_ plot: Plot) -> [StyledLine] {
        var out: [StyledLine] = []
        if !plot.title.isEmpty { out += wrapWords(plot.title, width: columns ?? Int.max).map { StyledLine($0, bold: true) } }
        switch plot.kind {
        case .line:
            if let layout = ChartLayout(plot, xTicks: min(6, max(2, width / 10)), yTicks: min(5, max(2, height / 3))) {
                out += lineChart(layout)
            } else {
                out.append(StyledLine("(nothing to plot: no finite\(plot.logY ? ", positive" : "") values)"))
            }
        case .heatmap(let rows, let columns, let values): out += heatmap(rows: rows, columns: columns, values: values).map { StyledLine($0) }
        case .bar(let labels, let values): out += bars(labels: labels, values: values).map { StyledLine($0) }
        }
        return out
    }

    // MARK: Line charts

    private static let brailleBits: [[UInt32]] = [[0x01, 0x08], [0x02, 0x10], [0x04, 0x20], [0x40, 0x80]]

    private func lineChart(_ layout: ChartLayout) -> [StyledLine] {
        let gutter = (layout.y.labels.map(\.count).max() ?? 0) + 2
        let width = columns.map { min(self.width, max(8, $0 - gutter - 1)) } ?? self.width
        let dotsWide = width * 2, dotsHigh = height * 4
        func dot(_ p: (x: Double, y: Double)) -> (col: Int, row: Int) {
            (layout.x.scale.point(p.x, count: dotsWide), dotsHigh - 1 - layout.y.scale.point(p.y, count: dotsHigh))
        }
        // Each cell: braille bits, the series that drew there last, and a mark if one sits there.
        var bits = [[UInt32]](repeating: [UInt32](repeating: 0, count: width), count: height)
        var owner = [[Int?]](repeating: [Int?](repeating: nil, count: width), count: height)
        var marks = [[Character?]](repeating: [Character?](repeating: nil, count: width), count: height)
        func set(_ col: Int, _ row: Int, _ series: Int) {
            bits[row / 4][col / 2] |= TextPlotRenderer.brailleBits[row % 4][col % 2]
            owner[row / 4][col / 2] = series
        }
        for s in layout.series {
            let points = s.points.map(dot)
            guard var previous = points.first else { continue }
            set(previous.col, previous.row, s.style.index)
            for p in points.dropFirst() {
                // Connect consecutive points so steep changes still read as a line.
                let steps = max(abs(p.col - previous.col), abs(p.row - previous.row), 1)
                for k in 1...steps {
                    let t = Double(k) / Double(steps)
                    set(previous.col + Int((Double(p.col - previous.col) * t).rounded()),
                        previous.row + Int((Double(p.row - previous.row) * t).rounded()), s.style.index)
                }
                previous = p
            }
        }
        for s in layout.series {
            for i in layout.markedPoints(s, columns: width) {
                let cell = dot(s.points[i])
                marks[cell.row / 4][cell.col / 2] = s.style.mark
                owner[cell.row / 4][cell.col / 2] = s.style.index
            }
        }

        var out: [StyledLine] = []
        if !layout.yCaption.isEmpty { out.append(StyledLine(layout.yCaption)) }
        var rowLabels = [String?](repeating: nil, count: height)
        for (position, label) in zip(layout.y.positions, layout.y.labels).reversed() {
            let row = dot((layout.x.scale.low, position)).row / 4
            if rowLabels[row] == nil { rowLabels[row] = label }
        }
        for r in 0..<height {
            let label = rowLabels[r] ?? ""
            var line = StyledLine(String(repeating: " ", count: gutter - 2 - label.count) + label + (rowLabels[r] == nil ? " │" : " ┤"))
            for c in 0..<width {
                let colour = owner[r][c].map { SeriesStyle(index: $0).ansi }
                if let mark = marks[r][c] {
                    line.append(String(mark), colour: colour)
                } else {
                    line.append(String(Character(Unicode.Scalar(0x2800 + bits[r][c]) ?? " ")), colour: bits[r][c] == 0 ? nil : colour)
                }
            }
            out.append(line)
        }
        out += xAxis(layout, gutter: gutter, width: width, dotsWide: dotsWide)
        if !layout.xCaption.isEmpty {
            let pad = max(0, gutter + (width - layout.xCaption.count) / 2)
            out.append(StyledLine(String(repeating: " ", count: pad) + layout.xCaption))
        }
        if layout.showsLegend { out += legend(layout, limit: columns ?? (gutter + width)) }
        out += layout.notes.map { StyledLine($0) }
        return out
    }

    /// The x axis line with a `┬` at each tick, and the tick labels under it
    /// (a label that would touch its neighbour is left out).
    private func xAxis(_ layout: ChartLayout, gutter: Int, width: Int, dotsWide: Int) -> [StyledLine] {
        var axis = Array(repeating: Character("─"), count: width)
        var labelLine = Array(repeating: Character(" "), count: gutter + width + 12)
        var free = 0  // first column a label may use
        for (position, label) in zip(layout.x.positions, layout.x.labels) {
            let col = layout.x.scale.point(position, count: dotsWide) / 2
            axis[col] = "┬"
            var start = gutter + col - label.count / 2
            start = min(start, gutter + width - label.count + 1)  // keep the last label in view
            guard start >= free, start >= 0 else { continue }
            for (i, ch) in label.enumerated() where start + i < labelLine.count { labelLine[start + i] = ch }
            free = start + label.count + 2
        }
        return [StyledLine(String(repeating: " ", count: gutter - 1) + "└" + String(axis)), StyledLine(String(labelLine))]
    }

    /// `● name   ■ name …`, wrapped to `limit` columns.
    private func legend(_ layout: ChartLayout, limit: Int) -> [StyledLine] {
        var lines: [StyledLine] = []
        var line = StyledLine()
        for (s, name) in zip(layout.series, layout.legendNames) {
            let entryWidth = name.count + 2
            if line.width > 0, line.width + 3 + entryWidth > limit {
                lines.append(line)
                line = StyledLine()
            }
            if line.width > 0 { line.append("   ") }
            line.append(String(s.style.mark), colour: s.style.ansi)
            line.append(" " + name)
        }
        if line.width > 0 { lines.append(line) }
        return lines
    }

    // MARK: Heatmaps

    private static let shades: [Character] = [" ", "░", "▒", "▓", "█"]

    private func heatmap(rows: Int, columns: Int, values: [Double]) -> [String] {
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
            let legend = "min \(compactNumber(low))  ░▒▓█  max \(compactNumber(high))"
            out += legend.count <= (self.columns ?? Int.max) ? [legend] : wrapWords(legend, width: self.columns ?? Int.max)
        }
        return out
    }

    // MARK: Bars

    private static let eighths: [Character] = ["▏", "▎", "▍", "▌", "▋", "▊", "▉", "█"]

    private func bars(labels: [String], values: [Double]) -> [String] {
        guard !values.isEmpty else { return ["(no bars)"] }
        let largest = values.filter(\.isFinite).map { abs($0) }.max() ?? 0
        let labelWidth = labels.map(\.count).max() ?? 0
        let barWidth = columns.map { min(width, max(8, $0 - labelWidth - 14)) } ?? width
        return values.enumerated().map { i, v in
            let label = i < labels.count ? labels[i] : ""
            let padded = label + String(repeating: " ", count: labelWidth - label.count)
            guard v.isFinite else { return "\(padded) │ \(compactNumber(v))" }
            let eighthsCount = largest == 0 ? 0 : Int((abs(v) / largest * Double(barWidth * 8)).rounded())
            var bar = String(repeating: "█", count: eighthsCount / 8)
            if eighthsCount % 8 > 0 { bar.append(TextPlotRenderer.eighths[eighthsCount % 8 - 1]) }
            return "\(padded) │\(v < 0 ? "-" : "")\(bar) \(compactNumber(v))"
        }
    }
}
