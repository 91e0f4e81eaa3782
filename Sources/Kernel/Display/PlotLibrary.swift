import TensorCore
import TensorLang

/// The plotting builtins. They need a session to show pictures in, so the
/// session installs them: a terminal gets Unicode charts, a notebook SVG.
enum PlotLibrary {
    static func builtins(display: @escaping (Plot) -> Void) -> [Builtin] {
        [
            Builtin("plot", "y, x=none, title=\"\", log=false, label=\"\"", "draw y against x (or its indices) as a line chart; log=true for a log-scale y axis",
                    example: "plot([1, 0.5, 0.25, 0.125], log=true)") { a in
                let y = try a.tensor(0).value
                guard y.rank <= 2 else { throw a.bad(1, "a vector or a matrix of rows to plot", got: "shape \(describeShape(y.shape))") }
                let rows = y.rank == 2 ? y.shape[0] : 1
                let length = y.rank == 0 ? 1 : y.shape[y.rank - 1]
                var xs = (0..<length).map(Double.init)
                if !a.isNone(1) {
                    let x = try a.tensor(1).value
                    guard x.rank == 1, x.count == length else {
                        throw a.bad(2, "a vector of \(length) x values", got: "shape \(describeShape(x.shape))")
                    }
                    xs = x.scalars
                }
                let label = try a.string(4)
                let series = (0..<rows).map { r in
                    Plot.Series(name: rows > 1 ? "\(label.isEmpty ? "row" : label) \(r)" : label,
                                x: xs, y: Array(y.scalars[(r * length)..<((r + 1) * length)]))
                }
                display(Plot(kind: .line, series: series, title: try a.string(2), logY: try a.bool(3)))
                return .none
            },
            Builtin("heatmap", "m, title=\"\"", "draw a matrix as shaded cells (blue negative, red positive in notebooks)",
                    example: "heatmap([[1, -1], [0.5, 0]])") { a in
                let m = try a.tensor(0).value
                let matrix = m.rank == 1 ? try m.reshaped([1, m.count]) : m
                guard matrix.rank == 2 else { throw a.bad(1, "a matrix", got: "shape \(describeShape(m.shape))") }
                display(Plot(kind: .heatmap(rows: matrix.shape[0], columns: matrix.shape[1], values: matrix.scalars), title: try a.string(1)))
                return .none
            },
            Builtin("bar", "v, labels=none, title=\"\"", "draw one horizontal bar per element of a vector",
                    example: "bar([3, 1, 2], labels=[\"a\", \"b\", \"c\"])") { a in
                let v = try a.tensor(0).value
                guard v.rank <= 1 else { throw a.bad(1, "a vector", got: "shape \(describeShape(v.shape))") }
                var labels = v.scalars.indices.map(String.init)
                if !a.isNone(1) {
                    labels = try a.items(1).map { item in
                        if case .string(let s) = item { return s }
                        return item.description
                    }
                    guard labels.count == v.count else { throw a.bad(2, "\(v.count) labels", got: "\(labels.count)") }
                }
                display(Plot(kind: .bar(labels: labels, values: v.scalars), title: try a.string(2)))
                return .none
            },
        ]
    }
}
