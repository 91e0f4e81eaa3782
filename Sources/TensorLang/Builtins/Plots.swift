import TensorCore
import Foundation

/// The plotting builtins. Each shows a ``Picture`` (the data to draw) through
/// the interpreter's output; the session renders it for its front-end.
enum PlotLibrary {
    static var builtins: [Builtin] {
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
                a.interpreter.show(.chart(Plot(kind: .line, series: series, title: try a.string(2), logY: try a.bool(3))))
                return .none
            },
            Builtin("heatmap", "m, title=\"\"", "draw a matrix as shaded cells (blue negative, red positive in notebooks)",
                    example: "heatmap([[1, -1], [0.5, 0]])") { a in
                let m = try a.tensor(0).value
                let matrix = m.rank == 1 ? try m.reshaped([1, m.count]) : m
                guard matrix.rank == 2 else { throw a.bad(1, "a matrix", got: "shape \(describeShape(m.shape))") }
                a.interpreter.show(.chart(Plot(kind: .heatmap(rows: matrix.shape[0], columns: matrix.shape[1], values: matrix.scalars), title: try a.string(1))))
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
                a.interpreter.show(.chart(Plot(kind: .bar(labels: labels, values: v.scalars), title: try a.string(2))))
                return .none
            },
            Builtin("draw_unrolled", "hs, grads=none, forward=none, backward=none, title=\"\"",
                    "draw the unrolled network: a box per hidden state h_0…h_T, and ∂L/∂h_t flowing back; forward=k / backward=k reveal steps one at a time",
                    example: "hs = [[0, 0], [0.5, -0.1], [0.7, 0.2]]; draw_unrolled(hs, forward=1)") { a in
                let states = try rowsOrItems(a, 0)
                guard !states.isEmpty else { throw a.bad(1, "a sequence of hidden states", got: "an empty one") }
                var gradients: [Value]?
                if !a.isNone(1) {
                    gradients = try rowsOrItems(a, 1)
                    guard gradients?.count == states.count else {
                        throw a.bad(2, "one gradient per hidden state (\(states.count))", got: "\(gradients?.count ?? 0)")
                    }
                }
                let shownForward = try a.optionalInt(2) ?? states.count - 1
                let shownBackward = try a.optionalInt(3) ?? states.count
                let steps = try states.enumerated().map { t, state -> UnrolledDiagram.Step in
                    let value = t <= shownForward ? try summary(state, a, argument: 1) : "?"
                    var gradient: String?
                    if let gradients, t >= states.count - shownBackward {
                        gradient = try summary(gradients[t], a, argument: 2)
                    }
                    return UnrolledDiagram.Step(value: value, gradient: gradient)
                }
                a.interpreter.show(.unrolled(UnrolledDiagram(steps: steps, title: try a.string(4))))
                return .none
            },
        ]
    }
}

/// A short label for a state or gradient: its values when there are at most
/// three, else its norm.
private func summary(_ value: Value, _ a: Arguments, argument: Int) throws -> String {
    guard case .tensor(let v) = value else { throw a.bad(argument, "tensors", got: value.typeName) }
    let t = v.value
    if t.count <= 3 {
        let parts = t.scalars.map { String(format: "%.2f", $0) }
        return t.rank == 0 ? parts[0] : "[" + parts.joined(separator: ", ") + "]"
    }
    return "‖·‖ " + String(format: "%.3g", t.norm().scalarValue ?? .nan)
}

/// A sequence argument's items, or a matrix's rows as separate tensors.
private func rowsOrItems(_ a: Arguments, _ index: Int) throws -> [Value] {
    if case .tensor(let v) = try a.value(index), v.value.rank == 2 {
        return try (0..<v.shape[0]).map { row in .tensor(try v.value.indexed([.at(row)])) }
    }
    return try a.items(index)
}
