import Foundation
import TensorLang

/// The factor view (`draw_factors`) laid out once for terminal, SVG and text
/// alternative, from three charts the other pictures also use: the factors
/// ‖J_t‖₂ as columns against the line at 1; the norm of their product
/// ‖∂h_T/∂h_k‖₂ with the product of the norms and the bound σ^(T−k) on a log
/// axis against the distance T − k; and, when asked for, the matrix ∂h_T/∂h_k
/// as a heatmap.
struct FactorView: Sendable {
    var diagram: FactorDiagram
    var columns: ColumnChart
    var productChart: Plot
    var heatmap: Plot?

    /// Π ‖J_t‖ over the last d factors, for d = 1 … T.
    let normProducts: [Double]
    /// σ^d for d = 1 … T, when there is a σ.
    let bounds: [Double]?

    var steps: Int { diagram.norms.count }

    init(_ diagram: FactorDiagram) {
        self.diagram = diagram
        let steps = diagram.norms.count
        var running = 1.0
        normProducts = diagram.norms.reversed().map { running *= $0; return running }
        bounds = diagram.sigma.map { sigma in (1...max(steps, 1)).prefix(steps).map { pow(sigma, Double($0)) } }
        columns = ColumnChart(caption: "‖J_t‖₂, the factor of each step t",
                              subcaption: "above the line at 1 a step stretches the gradient, below it shrinks it",
                              values: diagram.norms, reference: 1)
        let distances = (1...max(steps, 1)).prefix(steps).map(Double.init)
        var series = [Plot.Series(name: "‖∂h_T/∂h_k‖₂", x: distances, y: diagram.chainNorms),
                      Plot.Series(name: "product of the ‖J_t‖₂", x: distances, y: normProducts)]
        if let bounds, let sigma = diagram.sigma { series.append(Plot.Series(name: "bound \(compactNumber(sigma))^(T−k)", x: distances, y: bounds)) }
        productChart = Plot(series: series, title: "the gradient carried T − k steps back", logY: true, xLabel: "T − k")
        heatmap = diagram.product.map { p in
            Plot(kind: .heatmap(rows: p.rows, columns: p.columns, values: p.values),
                 title: "∂h_\(steps)/∂h_\(p.k) = J_\(steps) ⋯ J_\(p.k + 1)")
        }
    }

    // MARK: Drawing

    /// The three charts one under the other, for a terminal `columns` wide.
    func lines(columns width: Int) -> [StyledLine] {
        var out: [StyledLine] = []
        if !diagram.title.isEmpty { out += wrapWords(diagram.title, width: width).map { StyledLine($0, style: .strong) } }
        out += columns.lines(columns: width)
        let charts = TextPlotRenderer(width: min(72, width - 10), columns: width)
        out.append(StyledLine())
        out += charts.lines(productChart)
        if let heatmap {
            out.append(StyledLine())
            out += charts.lines(heatmap)
        }
        return out
    }

    /// One SVG document with the charts stacked.
    func svg(width: Double = 560) -> String {
        var body: [String] = []
        var y = 0.0
        if !diagram.title.isEmpty {
            body.append(SVGText.text(diagram.title, x: width / 2, y: 20, anchor: "middle", size: 13, bold: true))
            y = 30
        }
        let parts = [columns.drawing(width: width)]
            + [productChart, heatmap].compactMap { $0 }.map { SVGPlotRenderer(width: width).drawing($0) }
        for part in parts {
            body.append("<g transform=\"translate(0 \(SVGText.fmt(y)))\">")
            body += part.body
            body.append("</g>")
            y += part.height + 8
        }
        return SVGText.document(width: width, height: y, title: diagram.title.isEmpty ? "gradient factors" : diagram.title,
                                description: textAlternative.summary, body: body)
    }
}

extension FactorView {
    /// The view in words: the range of the factors and how many stretch, where
    /// the product ends up against the product of norms and the bound (and
    /// whether the gradient vanishes or explodes), and the heatmap's summary.
    /// The table lists, for each k, the factor added and the three products.
    var textAlternative: PictureText {
        let steps = self.steps
        let named = diagram.title.isEmpty ? "" : " \"\(diagram.title)\""
        var sentences = ["Gradient factors\(named) over \(steps) step\(steps == 1 ? "" : "s") h0 … h\(steps)."]
        let finite = diagram.norms.enumerated().filter { $0.element.isFinite }
        if let low = finite.min(by: { $0.element < $1.element }), let high = finite.max(by: { $0.element < $1.element }) {
            let above = finite.filter { $0.element > 1 }.count
            let range: String
            if steps == 1 {
                range = "The factor ‖J_1‖₂ is \(compactNumber(low.element))"
            } else if compactNumber(low.element) == compactNumber(high.element), finite.count == steps {
                range = "The factors ‖J_t‖₂ are all \(compactNumber(low.element))"
            } else if steps <= 8 {
                range = "The factors ‖J_t‖₂ are " + diagram.norms.enumerated().map { "J\($0.offset + 1) \(compactNumber($0.element))" }.joined(separator: ", ")
            } else {
                range = "The factors ‖J_t‖₂ range from \(compactNumber(low.element)) (step \(low.offset + 1)) to \(compactNumber(high.element)) (step \(high.offset + 1))"
            }
            sentences.append(range + "; \(above) of \(steps) \(above == 1 ? "is" : "are") above 1.")
        }
        if let reached = diagram.chainNorms.last {
            var text = "Back from h\(steps) to h0 the gradient's factor ‖∂h_\(steps)/∂h_0‖₂ is \(compactNumber(reached))"
            var compared = ["the product of the factor norms \(compactNumber(normProducts.last ?? .nan))"]
            if let bound = bounds?.last, let sigma = diagram.sigma { compared.append("the bound \(compactNumber(sigma))^\(steps) = \(compactNumber(bound))") }
            text += " (" + compared.joined(separator: "; ") + "): " + Self.verdict(reached)
            let finiteChain = diagram.chainNorms.enumerated().filter { $0.element.isFinite }
            if steps > 2, let peak = finiteChain.max(by: { $0.element < $1.element }), peak.element > max(reached, 1) {
                text += " (largest \(compactNumber(peak.element)), \(peak.offset + 1) step\(peak.offset == 0 ? "" : "s") back)"
            }
            sentences.append(text + ".")
        }
        if let heatmap, let product = diagram.product {
            sentences.append("The matrix ∂h_\(steps)/∂h_\(product.k): " + heatmap.textAlternative.summary
                .replacingOccurrences(of: "Heatmap \"\(heatmap.title)\" of a", with: "a"))
        }
        var header = ["k", "‖J_(k+1)‖₂", "‖∂h_T/∂h_k‖₂", "product of norms"]
        if bounds != nil { header.append("bound") }
        let rows = sampledIndices(steps).map { i -> [String] in
            // Row i is distance d = i + 1, that is k = T − 1 − i, whose newest factor is J_(k+1).
            let k = steps - 1 - i
            var row = ["\(k)", compactNumber(diagram.norms[k], digits: 4), compactNumber(diagram.chainNorms[i], digits: 4),
                       compactNumber(normProducts[i], digits: 4)]
            if let bounds { row.append(compactNumber(bounds[i], digits: 4)) }
            return row
        }
        return PictureText(summary: sentences.joined(separator: " "), table: TextTable(header: header, rows: rows))
    }

    /// What a product of factors of this size does to the gradient.
    static func verdict(_ product: Double) -> String {
        if product.isNaN { return "not a number" }
        if product < 0.01 { return "the gradient vanishes" }
        if product < 0.9 { return "the gradient shrinks" }
        if product <= 1.1 { return "the gradient keeps about its size" }
        if product <= 100 { return "the gradient grows" }
        return "the gradient explodes"
    }
}
