import Foundation

/// A chart to show: the data only. Renderers turn it into Unicode text for a
/// terminal or SVG for a notebook, so every front-end shows the same picture.
public struct Plot: Sendable, Equatable {
    /// What kind of picture.
    public enum Kind: Sendable, Equatable {
        /// One or more y-against-x lines.
        case line
        /// A matrix drawn as shaded cells.
        case heatmap(rows: Int, columns: Int, values: [Double])
        /// One horizontal bar per value.
        case bar(labels: [String], values: [Double])
    }

    /// One named line of a line chart.
    public struct Series: Sendable, Equatable {
        public var name: String
        public var x: [Double]
        public var y: [Double]
        public init(name: String, x: [Double], y: [Double]) {
            self.name = name
            self.x = x
            self.y = y
        }
    }

    public var kind: Kind
    public var series: [Series]
    public var title: String
    /// Plot y on a log₁₀ axis (non-positive values are left out, and a note says so).
    public var logY: Bool

    public init(kind: Kind = .line, series: [Series] = [], title: String = "", logY: Bool = false) {
        self.kind = kind
        self.series = series
        self.title = title
        self.logY = logY
    }

    /// A line chart of `y` against its indices 0, 1, 2, …
    public static func line(_ y: [Double], title: String = "", logY: Bool = false) -> Plot {
        Plot(series: [Series(name: "", x: y.indices.map(Double.init), y: y)], title: title, logY: logY)
    }

    /// The points a line chart actually draws: finite, and positive on a log axis,
    /// with y already transformed to the axis scale.
    func drawablePoints(_ s: Series) -> [(x: Double, y: Double)] {
        Swift.zip(s.x, s.y).compactMap { x, y in
            guard x.isFinite, y.isFinite else { return nil }
            if logY { return y > 0 ? (x, log10(y)) : nil }
            return (x, y)
        }
    }

    /// How many points were left out because they cannot be drawn on this axis.
    var omittedCount: Int {
        series.reduce(0) { $0 + min($1.x.count, $1.y.count) - drawablePoints($1).count }
    }

    /// The data range of all drawable points, widened when flat so it has a size.
    func lineBounds() -> (xMin: Double, xMax: Double, yMin: Double, yMax: Double)? {
        let points = series.flatMap(drawablePoints)
        guard let first = points.first else { return nil }
        var b = (xMin: first.x, xMax: first.x, yMin: first.y, yMax: first.y)
        for p in points {
            b.xMin = min(b.xMin, p.x); b.xMax = max(b.xMax, p.x)
            b.yMin = min(b.yMin, p.y); b.yMax = max(b.yMax, p.y)
        }
        if b.xMax == b.xMin { b.xMin -= 0.5; b.xMax += 0.5 }
        if b.yMax == b.yMin { b.yMin -= 0.5; b.yMax += 0.5 }
        return b
    }

    /// A short label for an axis value; on a log axis the value is 10^v.
    func axisLabel(_ v: Double) -> String {
        let value = logY ? pow(10, v) : v
        if value == 0 { return "0" }
        let magnitude = abs(value)
        if magnitude >= 1e5 || magnitude < 1e-3 { return String(format: "%.1e", value) }
        return String(format: "%.4g", value)
    }
}
