/// Draws an ``UnrolledLayout`` with box-drawing characters, fitted to the
/// terminal's width: the states are folded into rows, and when more than
/// `maxBands` rows would be needed the middle is elided behind a marker that
/// says how many steps it hides and what their factors multiply to.
///
/// ```
///          ┌──────┐            ┌──────┐
///          │  h₀  │─ 0.827 ──▶│  h₁  │
/// h        │ 0    │            │ 0.762│
///          └──────┘            └──────┘
/// ‖∂L/∂h‖    0.12  ◀─────────   0.23
/// Π          0.827                1
/// ```
struct UnrolledTextRenderer {
    /// The terminal's width; no line is wider.
    var columns: Int = 80
    /// At most this many rows of states before the middle is elided.
    var maxBands: Int = 3

    static let gradientColour = 166, productColour = 25

    func lines(_ layout: UnrolledLayout) -> [StyledLine] {
        var out: [StyledLine] = []
        if !layout.title.isEmpty { out += wrapWords(layout.title, width: columns).map { StyledLine($0, style: .strong) } }
        let cells = layout.columns
        guard !cells.isEmpty else { return out + [StyledLine("(no states)")] }
        let (inner, gap, gutter) = geometry(layout)
        let boxWidth = inner + 2
        let rowLabels = rowNames(layout)
        let valueRows = cells.map(\.value.count).max() ?? 1

        func blank(_ n: Int) -> String { String(repeating: " ", count: max(n, 0)) }
        func centred(_ s: String, _ width: Int) -> String {
            let room = width - s.count
            return blank(room / 2) + s + blank(room - room / 2)
        }
        func gutterCell(_ key: String) -> String { let label = rowLabels[key] ?? ""; return label + blank(gutter - label.count) }

        for (index, band) in bands(layout).enumerated() {
            if index > 0 { out.append(StyledLine()) }
            guard case .states(let range) = band else {
                if case .elided(let hidden, let product) = band {
                    let text = UnrolledLayout.elisionText(hidden, product: product)
                    out += wrapWords(text, width: columns - gutter).map { StyledLine(blank(gutter) + $0, style: TextStyle(dim: true)) }
                }
                continue
            }
            let band = Array(cells[range])
            var top = StyledLine(blank(gutter)), name = StyledLine(gutterCell("name")), bottom = StyledLine(blank(gutter))
            var values = (0..<valueRows).map { StyledLine(gutterCell($0 == 0 ? "value" : "")) }
            var gradient = StyledLine(gutterCell("gradient")), product = StyledLine(gutterCell("product")), bound = StyledLine(gutterCell("bound"))
            for column in band {
                top.append(blank(gap) + "┌" + String(repeating: "─", count: inner) + "┐")
                name.append(column.t == 0 ? blank(gap) : arrow(column.factor, gap: gap))
                name.append("│", style: .plain)
                name.append(centred(column.name, inner), style: .strong)
                name.append("│", style: .plain)
                for row in 0..<valueRows {
                    let text = row < column.value.count ? column.value[row] : ""
                    values[row].append(blank(gap) + "│" + centred(text, inner) + "│")
                }
                bottom.append(blank(gap) + "└" + String(repeating: "─", count: inner) + "┘")
                // The gradient has travelled back over the arrow into this state once it reached the state before.
                let arrived = column.t > 0 && cells[column.t - 1].gradient != nil
                gradient.append(arrived ? "◀" + String(repeating: "─", count: gap - 2) + " " : blank(gap), style: TextStyle(colour: Self.gradientColour))
                gradient.append(centred(column.gradient ?? "", boxWidth), style: TextStyle(colour: Self.gradientColour))
                product.append(blank(gap)); product.append(centred(column.product ?? "", boxWidth), style: TextStyle(colour: Self.productColour))
                bound.append(blank(gap) + centred(column.bound ?? "", boxWidth))
            }
            out += [top, name] + values + [bottom]
            if layout.hasGradients { out.append(gradient) }
            if layout.hasFactors { out.append(product) }
            if layout.hasBound { out.append(bound) }
        }
        let legend = layout.legend
        if !legend.isEmpty {
            out.append(StyledLine())
            out += wrapWords(legend, width: columns).map { StyledLine($0, style: TextStyle(dim: true)) }
        }
        return out
    }

    /// The box's inner width, the gap between boxes (room for the arrow and its factor) and the row-name gutter.
    private func geometry(_ layout: UnrolledLayout) -> (inner: Int, gap: Int, gutter: Int) {
        let inner = max(4, layout.columns.map { column in ([column.name] + column.value).map(\.count).max() ?? 0 }.max() ?? 0) + 2
        let labelWidth = layout.columns.compactMap { $0.factor?.count }.max() ?? 0
        let gutter = (rowNames(layout).values.map(\.count).max() ?? 0) + 2
        return (inner, labelWidth > 0 ? labelWidth + 6 : 5, gutter)
    }

    /// The rows of states this width allows, the middle elided when there are too many.
    func bands(_ layout: UnrolledLayout) -> [UnrolledLayout.Band] {
        let (inner, gap, gutter) = geometry(layout)
        return layout.bands(perBand: max(1, (columns - gutter) / (gap + inner + 2)), maxBands: maxBands)
    }

    /// The gutter's row names.
    private func rowNames(_ layout: UnrolledLayout) -> [String: String] {
        var names = ["value": layout.valuesAreNorms ? "‖h‖" : "h"]
        if layout.hasGradients { names["gradient"] = "‖∂L/∂h‖" }
        if layout.hasFactors { names["product"] = "Π" }
        if layout.hasBound { names["bound"] = "σᵏ" }
        return names
    }

    /// `─ 1.04 ──▶` filling `gap` columns, or a bare arrow without a factor.
    private func arrow(_ factor: String?, gap: Int) -> String {
        guard let factor else { return String(repeating: "─", count: gap - 1) + "▶" }
        return "─ " + factor + " " + String(repeating: "─", count: max(1, gap - factor.count - 4)) + "▶"
    }
}
