import Foundation
import TensorLang

/// What both renderers need to lay out a line chart.
extension Plot {
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
