import TensorCore
import Foundation

/// The plotting builtins. Each shows a ``Picture`` (the data to draw) through
/// the interpreter's output; the session renders it for its front-end.
enum PlotLibrary {
    static var builtins: [Builtin] {
        [
            Builtin("plot", "y, x=none, title=\"\", log=false, label=\"\", xlabel=\"\", ylabel=\"\"",
                    "draw y against x (or its indices) as a line chart, one line per row of a matrix; label=[…] names the rows in the legend; log=true for a log-scale y axis",
                    example: "plot([1, 0.5, 0.25, 0.125], log=true)") { a in
                let y = try a.tensor(0).value
                guard y.rank <= 2 else { throw a.bad(0, "a vector or a matrix of rows to plot", got: "shape \(describeShape(y.shape))") }
                let rows = y.rank == 2 ? y.shape[0] : 1
                let length = y.rank == 0 ? 1 : y.shape[y.rank - 1]
                var xs = (0..<length).map(Double.init)
                if !a.isNone(1) {
                    let x = try a.tensor(1).value
                    guard x.rank == 1, x.count == length else {
                        throw a.bad(1, "a vector of \(length) x values", got: "shape \(describeShape(x.shape))")
                    }
                    xs = x.scalars
                }
                let names = try seriesNames(a, 4, rows: rows)
                let series = (0..<rows).map { r in
                    Plot.Series(name: names[r], x: xs, y: Array(y.scalars[(r * length)..<((r + 1) * length)]))
                }
                a.interpreter.show(.chart(Plot(kind: .line, series: series, title: try a.string(2), logY: try a.bool(3),
                                               xLabel: try a.string(5), yLabel: try a.string(6))))
                return .none
            },
            Builtin("heatmap", "m, title=\"\"", "draw a matrix as shaded cells (blue negative, red positive in notebooks)",
                    example: "heatmap([[1, -1], [0.5, 0]])") { a in
                let m = try a.tensor(0).value
                let matrix = m.rank == 1 ? try m.reshaped([1, m.count]) : m
                guard matrix.rank == 2 else { throw a.bad(0, "a matrix", got: "shape \(describeShape(m.shape))") }
                a.interpreter.show(.chart(Plot(kind: .heatmap(rows: matrix.shape[0], columns: matrix.shape[1], values: matrix.scalars), title: try a.string(1))))
                return .none
            },
            Builtin("bar", "v, labels=none, title=\"\"", "draw one horizontal bar per element of a vector",
                    example: "bar([3, 1, 2], labels=[\"a\", \"b\", \"c\"])") { a in
                let v = try a.tensor(0).value
                guard v.rank <= 1 else { throw a.bad(0, "a vector", got: "shape \(describeShape(v.shape))") }
                var labels = v.scalars.indices.map(String.init)
                if !a.isNone(1) {
                    labels = try a.items(1).map { item in
                        item.stringValue ?? item.description
                    }
                    guard labels.count == v.count else { throw a.bad(1, "\(v.count) labels", got: "\(labels.count)") }
                }
                a.interpreter.show(.chart(Plot(kind: .bar(labels: labels, values: v.scalars), title: try a.string(2))))
                return .none
            },
            Builtin("shade_text", "text, values, title=\"\"",
                    "draw text with each character shaded by its value (blue negative, red positive; without colour, a line of marks = - + # under each line)",
                    example: "shade_text(\"a(b)c\", [0, 1, 1, 1, 0])") { a in
                let characters = Array(try a.string(0))
                guard characters.count <= 20_000 else { throw a.bad(0, "a text of at most 20000 characters (show a slice)", got: "\(characters.count) characters") }
                let v = try a.tensor(1).value
                guard v.rank == 1, v.count == characters.count else {
                    throw a.bad(1, "a vector of \(characters.count) values, one per character of the text", got: "shape \(describeShape(v.shape))")
                }
                guard v.scalars.allSatisfy(\.isFinite) else { throw a.bad(1, "finite values", got: "NaN or ∞") }
                a.interpreter.show(.shadedText(ShadedText(characters: characters, values: v.scalars, title: try a.string(2))))
                return .none
            },
            Builtin("draw_unrolled", "hs, grads=none, W=none, factors=none, forward=none, backward=none, title=\"\"",
                    "draw the unrolled network: a box per hidden state h_0…h_T; W=Whh puts the factor ‖diag(tanh′(a_t)) W‖₂ on each arrow with the running product beside the bound σᵏ (or factors=[…] your own numbers, one per arrow); grads shows ‖∂L/∂h_t‖ flowing back; forward=k / backward=k reveal steps one at a time",
                    example: "hs = [[0, 0], [0.5, -0.1], [0.7, 0.2]]; draw_unrolled(hs, W=[[0.9, 0.2], [-0.3, 0.8]], forward=1)") { a in
                let states = try rowsOrItems(a, 0).map { try vector($0, a, argument: 0) }
                guard !states.isEmpty else { throw a.bad(0, "a sequence of hidden states", got: "an empty one") }
                let count = states.count
                var gradients: [[Double]]?
                if !a.isNone(1) {
                    gradients = try rowsOrItems(a, 1).map { try vector($0, a, argument: 1) }
                    guard gradients?.count == count else { throw a.bad(1, "one gradient per hidden state (\(count))", got: "\(gradients?.count ?? 0)") }
                }
                var factors = [Double?](repeating: nil, count: count)
                var sigma: Double?
                if !a.isNone(2) {
                    let w = try a.tensor(2, rank: 2).value
                    guard let size = states.first?.count, w.shape == [size, size] else {
                        throw a.bad(2, "a \(states.first?.count ?? 0) × \(states.first?.count ?? 0) matrix W_hh", got: "shape \(describeShape(w.shape))")
                    }
                    sigma = try w.spectralNorm().scalarValue
                    for t in 1..<count {
                        // ∂h_t/∂h_{t−1} = diag(1 − h_t²) W for h_t = tanh(a_t).
                        let slopes = try Tensor(shape: [size, 1], scalars: states[t].map { 1 - $0 * $0 })
                        factors[t] = try (slopes * w).spectralNorm().scalarValue
                    }
                }
                if !a.isNone(3) {
                    let given = try a.tensor(3).value
                    guard given.rank <= 1, given.count == count - 1 else {
                        throw a.bad(3, "one factor per arrow (\(count - 1))", got: "shape \(describeShape(given.shape))")
                    }
                    factors = [nil] + given.scalars.map { Optional($0) }
                }
                let shownForward = try a.optionalInt(4) ?? count - 1
                let shownBackward = try a.optionalInt(5) ?? count
                let revealedBack = (0..<count).map { $0 >= count - shownBackward }
                let diagram = UnrolledDiagram(
                    states: states.enumerated().map { $0.offset <= shownForward ? $0.element : nil },
                    gradients: (0..<count).map { t in revealedBack[t] ? gradients?[t] : nil },
                    factors: factors, productShown: revealedBack, sigma: sigma, title: try a.string(6))
                a.interpreter.show(.unrolled(diagram))
                return .none
            },
            factorView,
        ]
    }
}

/// A state or gradient as its elements (a number counts as one element).
private func vector(_ value: Value, _ a: Arguments, argument: Int) throws -> [Double] {
    guard case .tensor(let v) = value else { throw a.bad(argument, "tensors", got: value.typeName) }
    return v.value.scalars
}

/// The legend names of a plot's rows: `label=["a", "b"]` one per row, or `label="s"`
/// giving `s 0`, `s 1`, … (`row 0`, `row 1`, … when not given).
private func seriesNames(_ a: Arguments, _ index: Int, rows: Int) throws -> [String] {
    if let prefix = try a.value(index).stringValue {
        return rows == 1 ? [prefix] : (0..<rows).map { "\(prefix.isEmpty ? "row" : prefix) \($0)" }
    }
    let names = try a.items(index).map { item -> String in
        item.stringValue ?? item.description
    }
    guard names.count == rows else { throw a.bad(index, "\(rows) label\(rows == 1 ? "" : "s"), one per row", got: "\(names.count)") }
    return names
}

/// A sequence argument's items, or a matrix's rows as separate tensors.
func rowsOrItems(_ a: Arguments, _ index: Int) throws -> [Value] {
    if case .tensor(let v) = try a.value(index), v.value.rank == 2 {
        return try (0..<v.shape[0]).map { row in .tensor(try v.value.indexed([.at(row)])) }
    }
    return try a.items(index)
}
