import Foundation

/// One column per step (the factor view's ‖J_t‖₂), laid out once for the
/// terminal and SVG: y ticks from 0 in 1-2-5 steps, x ticks on whole steps,
/// and a dashed reference line (at 1 for factors: a column above it stretches
/// the gradient, one below it shrinks it).
struct ColumnChart: Sendable {
    var caption: String
    /// A line under the caption saying how to read the chart.
    var subcaption: String
    var values: [Double]
    /// The step of the first value (1 for J₁).
    var firstStep: Int
    var reference: Double?
    var y: AxisTicks
    /// The steps that get a tick label.
    var xTicks: [Int]

    init(caption: String, subcaption: String = "", values: [Double], firstStep: Int = 1, reference: Double? = nil) {
        self.caption = caption
        self.subcaption = subcaption
        self.values = values
        self.firstStep = firstStep
        self.reference = reference
        let largest = values.filter(\.isFinite).max() ?? 0
        y = AxisTicks.linear(AxisScale(low: 0, high: max(largest, reference ?? 0, 1e-300)), target: 4)
        let count = values.count, last = firstStep + count - 1
        let spacing = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500].first { count / $0 <= 8 } ?? max(1000, count / 8)
        xTicks = [firstStep] + stride(from: (firstStep / spacing + 1) * spacing, through: last, by: spacing).filter { $0 > firstStep }
    }

    /// Where `v` reaches, in eighths of a character row, for a chart `height` rows tall.
    private func eighths(_ v: Double, height: Int) -> Int {
        AxisScale.clampedIndex((y.scale.fraction(v) * Double(height * 8)).rounded(), count: height * 8 + 1)
    }

    /// The row (0 at the bottom) holding a value `eighths` high.
    private func row(ofEighths e: Int, height: Int) -> Int { min(height - 1, max(0, (e + 7) / 8 - 1)) }

    // MARK: Terminal

    private static let blocks: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    /// The chart in at most `columns` characters: each step one to four
    /// characters wide, or, when there are more steps than columns, each
    /// character the largest of a group of steps (a note says so).
    func lines(columns: Int, height: Int = 8) -> [StyledLine] {
        var labels = [Int: String]()  // row from the bottom → label
        for (position, label) in zip(y.positions, y.labels) where position > y.scale.low {
            labels[row(ofEighths: eighths(position, height: height), height: height)] = label
        }
        let referenceRow = reference.map { row(ofEighths: eighths($0, height: height), height: height) }
        if let reference, let referenceRow, labels[referenceRow] == nil { labels[referenceRow] = compactNumber(reference) }
        let zeroLabel = y.labels.first ?? "0"
        let gutter = max(labels.values.map(\.count).max() ?? 0, zeroLabel.count) + 1
        let room = max(8, columns - gutter - 2)
        let count = values.count
        let group = count <= room ? 1 : (count + room - 1) / room
        let per = group > 1 ? 1 : max(1, min(4, room / max(count, 1)))
        let barWidth = per >= 2 ? per - 1 : 1
        let cells = (count + group - 1) / group
        let heights: [Int?] = (0..<cells).map { c in
            let members = values[(c * group)..<min(count, (c + 1) * group)].filter(\.isFinite)
            guard let v = members.max() else { return nil }
            return max(eighths(v, height: height), v > 0 ? 1 : 0)
        }
        let colour = SeriesStyle(index: 0).ansi
        var out = wrapWords(caption, width: columns).map { StyledLine($0, style: .strong) }
            + wrapWords(subcaption, width: columns).filter { !$0.isEmpty }.map { StyledLine($0) }
        for r in stride(from: height - 1, through: 0, by: -1) {
            let label = labels[r] ?? ""
            var line = StyledLine(String(repeating: " ", count: gutter - label.count) + label + (labels[r] == nil ? "│" : "┤"))
            for e in heights {
                let level = (e ?? 0) - r * 8
                let glyph: String
                if e == nil { glyph = r == 0 ? "?" : " " } else if level >= 8 { glyph = "█" } else if level > 0 { glyph = String(Self.blocks[level - 1]) } else { glyph = r == referenceRow ? "┄" : " " }
                line.append(String(repeating: glyph, count: barWidth), colour: level > 0 ? colour : nil)
                if per > barWidth { line.append(r == referenceRow ? "┄" : " ", style: TextStyle(dim: true)) }
            }
            out.append(line)
        }
        out.append(StyledLine(String(repeating: " ", count: gutter - zeroLabel.count) + zeroLabel + "└" + String(repeating: "─", count: cells * per)))
        // Tick labels may run a little past the last column, never past the terminal.
        var axis = Array(repeating: Character(" "), count: max(gutter + 1 + cells * per, min(columns, gutter + 1 + cells * per + 8)))
        var free = 0
        for step in xTicks {
            let text = String(step)
            let centre = gutter + 1 + (step - firstStep) / group * per + (barWidth - 1) / 2
            let start = max(0, centre - (text.count - 1) / 2)
            guard start >= free, start + text.count <= axis.count else { continue }
            for (i, ch) in text.enumerated() { axis[start + i] = ch }
            free = start + text.count + 1
        }
        out.append(StyledLine(String(axis).replacingOccurrences(of: " +$", with: "", options: .regularExpression)))
        var notes: [String] = []
        if group > 1 { notes.append("each column is the largest of \(group) steps") }
        if let reference { notes.append("┄ marks \(compactNumber(reference))") }
        if heights.contains(where: { $0 == nil }) { notes.append("? is not a finite number") }
        if !notes.isEmpty {
            out += wrapWords("(" + notes.joined(separator: "; ") + ")", width: columns).map { StyledLine($0, style: TextStyle(dim: true)) }
        }
        return out
    }

    // MARK: SVG

    /// The chart's SVG elements from y = 0 down, `width` wide, and the height they take.
    func drawing(width: Double, plotHeight: Double = 140) -> (body: [String], height: Double) {
        var out = [SVGText.text(caption, x: 12, y: 14, bold: true)]
        var top = 28.0
        for line in wrapWords(subcaption, width: max(20, Int((width - 24) / 6.5))) where !subcaption.isEmpty {
            out.append(SVGText.text(line, x: 12, y: top + 2, fill: "#555"))
            top += 15
        }
        top += subcaption.isEmpty ? 0 : 6
        var tickLabels = Array(zip(y.positions, y.labels))
        if let reference, !y.positions.contains(where: { abs(y.scale.fraction($0) - y.scale.fraction(reference)) * plotHeight < 12 }) {
            tickLabels.append((reference, compactNumber(reference)))
        }
        let left = 12 + (tickLabels.map { SVGText.width($0.1) }.max() ?? 0) + 8
        let plotW = width - left - 16
        func sy(_ v: Double) -> Double { top + (1 - y.scale.fraction(v)) * plotHeight }
        let slot = plotW / Double(max(values.count, 1))
        func sx(_ step: Int) -> Double { left + (Double(step - firstStep) + 0.5) * slot }
        for (position, label) in tickLabels {
            let y = sy(position)
            out.append(##"<line x1="\##(SVGText.fmt(left))" x2="\##(SVGText.fmt(left + plotW))" y1="\##(SVGText.fmt(y))" y2="\##(SVGText.fmt(y))" stroke="#e4e4e4"/>"##)
            out.append(SVGText.text(label, x: left - 6, y: y + 4, anchor: "end"))
        }
        let colour = SeriesStyle(index: 0).hex
        for (i, v) in values.enumerated() {
            let step = firstStep + i
            guard v.isFinite else {
                out.append(SVGText.text("?", x: sx(step), y: top + plotHeight - 3, anchor: "middle", fill: "#D55E00"))
                continue
            }
            let barTop = sy(v)
            out.append(##"<rect x="\##(SVGText.fmt(sx(step) - slot * 0.4))" y="\##(SVGText.fmt(barTop))" width="\##(SVGText.fmt(max(slot * 0.8, 0.5)))" height="\##(SVGText.fmt(top + plotHeight - barTop))" fill="\##(colour)"><title>step \##(step): \##(compactNumber(v, digits: 6))</title></rect>"##)
        }
        if let reference {
            let y = sy(reference)
            out.append(##"<line x1="\##(SVGText.fmt(left))" x2="\##(SVGText.fmt(left + plotW))" y1="\##(SVGText.fmt(y))" y2="\##(SVGText.fmt(y))" stroke="#D55E00" stroke-width="1.3" stroke-dasharray="5 3"/>"##)
        }
        out.append(##"<line x1="\##(SVGText.fmt(left))" x2="\##(SVGText.fmt(left + plotW))" y1="\##(SVGText.fmt(top + plotHeight))" y2="\##(SVGText.fmt(top + plotHeight))" stroke="#888"/>"##)
        var free = -Double.infinity
        for step in xTicks {
            let x = sx(step), half = SVGText.width(String(step)) / 2
            guard x - half >= free else { continue }
            out.append(SVGText.text(String(step), x: x, y: top + plotHeight + 15, anchor: "middle"))
            free = x + half + 6
        }
        return (out, top + plotHeight + 24)
    }
}
