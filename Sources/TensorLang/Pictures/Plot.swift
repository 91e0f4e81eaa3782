/// A chart to show: the data only. The plotting builtins make one; the session's
/// renderers turn it into Unicode text for a terminal or SVG for a notebook, so
/// every front-end shows the same picture.
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
    /// The axes' captions (empty: none).
    public var xLabel: String
    public var yLabel: String

    public init(kind: Kind = .line, series: [Series] = [], title: String = "", logY: Bool = false, xLabel: String = "", yLabel: String = "") {
        self.kind = kind
        self.series = series
        self.title = title
        self.logY = logY
        self.xLabel = xLabel
        self.yLabel = yLabel
    }

    /// A line chart of `y` against its indices 0, 1, 2, …
    public static func line(_ y: [Double], title: String = "", logY: Bool = false) -> Plot {
        Plot(series: [Series(name: "", x: y.indices.map(Double.init), y: y)], title: title, logY: logY)
    }
}
