import Foundation
import TensorLang

/// A picture's text alternative: a few sentences saying what is drawn, its
/// range, its trend and its notable points, and the numbers behind it as a
/// small table. Screen readers read it instead of the braille; notebooks
/// carry it as `text/plain` and in the SVG's `<desc>`.
struct PictureText: Sendable {
    var summary: String
    var table: TextTable?

    /// The summary, then the table (when there is one) under a blank line.
    func text(accessible: Bool) -> String {
        guard let table else { return summary }
        return summary + "\n\n" + (accessible ? table.accessiblePlain : table.plain)
    }
}

/// At most this many table rows; longer data is sampled evenly (first and last kept).
let pictureTableRowLimit = 40

extension Plot {
    /// The text alternative of this chart.
    var textAlternative: PictureText {
        switch kind {
        case .line: return lineDescription()
        case .heatmap(let rows, let columns, let values): return heatmapDescription(rows: rows, columns: columns, values: values)
        case .bar(let labels, let values): return barDescription(labels: labels, values: values)
        }
    }

    private var quotedTitle: String { title.isEmpty ? "" : " \"\(title)\"" }

    private func lineDescription() -> PictureText {
        let drawn = series.map { drawablePoints($0).map { (x: $0.x, y: logY ? pow(10, $0.y) : $0.y) } }
        let all = drawn.flatMap { $0 }
        guard let xLow = all.map(\.x).min(), let xHigh = all.map(\.x).max(),
              let yLow = all.map(\.y).min(), let yHigh = all.map(\.y).max() else {
            return PictureText(summary: "Line chart\(quotedTitle) with nothing to draw: no finite\(logY ? ", positive" : "") values.")
        }
        let count = series.count
        var sentences = ["Line chart\(quotedTitle): \(count == 1 ? "1 series" : "\(count) series") over x = \(compactNumber(xLow)) … \(compactNumber(xHigh)), "
            + "y\(logY ? " on a log scale" : "") from \(compactNumber(yLow)) to \(compactNumber(yHigh))."]
        let names = series.enumerated().map { i, s in s.name.isEmpty ? (count == 1 ? "the line" : "series \(i + 1)") : s.name }
        let trends = zip(names, drawn).map { name, points in Self.trend(name, points) }
        // Series names are the user's and keep their case; only the generated "the line" starts a sentence.
        let trendText = trends.joined(separator: "; ")
        sentences.append((trendText.hasPrefix("the line") ? "The" + trendText.dropFirst(3) : trendText) + ".")
        if omittedCount > 0 {
            sentences.append("\(omittedCount) point\(omittedCount == 1 ? " is" : "s are") not drawn (\(logY ? "not positive or " : "")not finite).")
        }
        return PictureText(summary: sentences.joined(separator: " "), table: lineTable(names: names))
    }

    /// `sigma 1.1 rises from 1.1 to 17.4`, `row 2 falls from 3 to 0.5, lowest 0.1 at x = 4`.
    static func trend(_ name: String, _ points: [(x: Double, y: Double)]) -> String {
        guard let first = points.first, let last = points.last else { return "\(name) has no drawable point" }
        if points.count == 1 { return "\(name) is the single point \(compactNumber(first.y)) at x = \(compactNumber(first.x))" }
        let highest = points.max { $0.y < $1.y } ?? first, lowest = points.min { $0.y < $1.y } ?? first
        let spread = highest.y - lowest.y
        if !(spread > 1e-9 * max(abs(highest.y), abs(lowest.y))) {
            return "\(name) stays at \(compactNumber(first.y))"
        }
        let ys = points.map(\.y)
        let rising = zip(ys, ys.dropFirst()).allSatisfy { $0 <= $1 }, falling = zip(ys, ys.dropFirst()).allSatisfy { $0 >= $1 }
        if rising { return "\(name) rises from \(compactNumber(first.y)) to \(compactNumber(last.y))" }
        if falling { return "\(name) falls from \(compactNumber(first.y)) to \(compactNumber(last.y))" }
        var text = "\(name) goes from \(compactNumber(first.y)) to \(compactNumber(last.y))"
        if highest.y > max(first.y, last.y) { text += ", highest \(compactNumber(highest.y)) at x = \(compactNumber(highest.x))" }
        if lowest.y < min(first.y, last.y) { text += ", lowest \(compactNumber(lowest.y)) at x = \(compactNumber(lowest.x))" }
        return text
    }

    /// One row per x value and one column per series when the series share their x
    /// values; otherwise one row per point.
    private func lineTable(names: [String]) -> TextTable {
        let sharedX = series.allSatisfy { $0.x == series.first?.x }
        if sharedX, let xs = series.first?.x {
            let rows = sampledIndices(xs.count).map { i in
                [compactNumber(xs[i], digits: 4)] + series.map { i < $0.y.count ? compactNumber($0.y[i], digits: 4) : "" }
            }
            return TextTable(header: ["x"] + names, rows: rows)
        }
        var rows: [[String]] = []
        for (name, s) in zip(names, series) {
            for i in sampledIndices(min(s.x.count, s.y.count)) { rows.append([name, compactNumber(s.x[i], digits: 4), compactNumber(s.y[i], digits: 4)]) }
        }
        return TextTable(header: ["series", "x", "y"], rows: Array(rows.prefix(pictureTableRowLimit * 2)))
    }

    private func heatmapDescription(rows: Int, columns: Int, values: [Double]) -> PictureText {
        let finite = values.enumerated().filter { $0.element.isFinite }
        guard let low = finite.map(\.element).min(), let high = finite.map(\.element).max(),
              let largest = finite.max(by: { abs($0.element) < abs($1.element) }), columns > 0 else {
            return PictureText(summary: "Heatmap\(quotedTitle) of a \(rows) × \(columns) matrix with no finite value.")
        }
        let negative = finite.filter { $0.element < 0 }.count, positive = finite.filter { $0.element > 0 }.count
        var summary = "Heatmap\(quotedTitle) of a \(rows) × \(columns) matrix, values from \(compactNumber(low)) to \(compactNumber(high)). "
            + "Largest magnitude \(compactNumber(largest.element)) at row \(largest.offset / columns), column \(largest.offset % columns); "
            + "\(positive) positive, \(negative) negative, \(finite.count - positive - negative) zero."
        if finite.count < values.count { summary += " \(values.count - finite.count) not finite." }
        var table: TextTable?
        if rows <= 12, columns <= 12 {
            table = TextTable(header: [""] + (0..<columns).map { "col \($0)" },
                              rows: (0..<rows).map { r in ["row \(r)"] + (0..<columns).map { compactNumber(values[r * columns + $0]) } })
        }
        return PictureText(summary: summary, table: table)
    }

    private func barDescription(labels: [String], values: [Double]) -> PictureText {
        let names = values.indices.map { $0 < labels.count ? labels[$0] : "\($0)" }
        let finite = values.indices.filter { values[$0].isFinite }
        guard let top = finite.max(by: { values[$0] < values[$1] }), let bottom = finite.min(by: { values[$0] < values[$1] }) else {
            return PictureText(summary: "Bar chart\(quotedTitle) with \(values.count) bar\(values.count == 1 ? "" : "s") and no finite value.")
        }
        var summary = "Bar chart\(quotedTitle) with \(values.count) bar\(values.count == 1 ? "" : "s"). "
        summary += "Largest: \(names[top]) \(compactNumber(values[top]))"
        summary += values.count > 1 ? "; smallest: \(names[bottom]) \(compactNumber(values[bottom]))." : "."
        if values.count <= 12 {
            summary += " In order: " + zip(names, values).map { "\($0) \(compactNumber($1))" }.joined(separator: ", ") + "."
        }
        let table = TextTable(header: ["bar", "value"], rows: sampledIndices(values.count).map { [names[$0], compactNumber(values[$0], digits: 4)] })
        return PictureText(summary: summary, table: table)
    }
}

/// Indices `0..<count`, or at most ``pictureTableRowLimit`` of them spread evenly, first and last included.
func sampledIndices(_ count: Int) -> [Int] {
    guard count > pictureTableRowLimit else { return Array(0..<count) }
    let last = pictureTableRowLimit - 1
    return (0...last).map { Int((Double($0) * Double(count - 1) / Double(last)).rounded()) }
}

extension TextTable {
    /// The table without its rule line (no box-drawing characters), columns
    /// separated by a comma and spaces so a screen reader pauses between cells.
    var accessiblePlain: String {
        ([header] + rows).map { cells in cells.map { $0.isEmpty ? "none" : $0 }.joined(separator: ", ") }.joined(separator: "\n")
    }
}
