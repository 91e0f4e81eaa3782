/// Draws an ``UnrolledLayout`` as SVG for notebooks: boxes for the states,
/// forward arrows labelled with their factors, the gradient's norm under each
/// state with orange arrows flowing back, the running product and its bound.
/// Long sequences fold into rows of `perBand` states and elide the middle
/// exactly as the terminal picture does, so the drawing stays readable at any T.
struct UnrolledSVGRenderer {
    var perBand = 8
    var maxBands = 4

    func render(_ layout: UnrolledLayout, description: String) -> String {
        let cells = layout.columns
        let boxH = 20.0 + 14 * Double(max(cells.map(\.value.count).max() ?? 1, 1))
        var texts: [String] = []
        for c in cells { texts += [c.name, c.gradient ?? "", c.product ?? "", c.bound ?? ""] + c.value }
        let widest = texts.map { SVGText.width($0) }.max() ?? 30
        let boxW = max(56, widest + 16)
        let factorWidth = cells.compactMap { $0.factor }.map { SVGText.width($0) }.max() ?? 0
        let gap = max(34, factorWidth + 18)
        let labelColumn = 70.0
        let rowsBelow = Double([layout.hasGradients, layout.hasFactors, layout.hasBound].filter { $0 }.count)
        let bandH = boxH + 24 + 16 * rowsBelow
        var body: [String] = [
            ##"<defs><marker id="fwd" markerWidth="8" markerHeight="8" refX="7" refY="4" orient="auto"><path d="M0,0 L8,4 L0,8 z" fill="#333"/></marker><marker id="back" markerWidth="8" markerHeight="8" refX="7" refY="4" orient="auto"><path d="M0,0 L8,4 L0,8 z" fill="#D55E00"/></marker></defs>"##,
        ]
        var y = 14.0
        if !layout.title.isEmpty {
            body.append(SVGText.text(layout.title, x: 10, y: y + 6, size: 13, bold: true))
            y += 24
        }
        let bands = layout.bands(perBand: perBand, maxBands: maxBands)
        let widestBand = bands.map { band -> Int in if case .states(let r) = band { return r.count } else { return 0 } }.max() ?? 1
        let width = labelColumn + Double(widestBand) * (gap + boxW) + 16
        for band in bands {
            guard case .states(let range) = band else {
                if case .elided(let hidden, let product) = band {
                    body.append(SVGText.text(UnrolledLayout.elisionText(hidden, product: product), x: labelColumn, y: y + 12, fill: "#555"))
                    y += 26
                }
                continue
            }
            // Row labels at the left.
            var rowY = y + boxH + 18
            for (shown, label) in [(layout.hasGradients, "‖∂L/∂h‖"), (layout.hasFactors, "Π"), (layout.hasBound, "σᵏ")] where shown {
                body.append(SVGText.text(label, x: 8, y: rowY, fill: "#555"))
                rowY += 16
            }
            for (slot, t) in range.enumerated() {
                let column = cells[t]
                let x = labelColumn + Double(slot) * (gap + boxW) + gap
                body.append(##"<rect x="\##(SVGText.fmt(x))" y="\##(SVGText.fmt(y))" width="\##(SVGText.fmt(boxW))" height="\##(SVGText.fmt(boxH))" rx="6" fill="#eef4fb" stroke="#0072B2"/>"##)
                body.append(SVGText.text(column.name, x: x + boxW / 2, y: y + 15, anchor: "middle", bold: true))
                for (row, value) in column.value.enumerated() {
                    body.append(SVGText.text(value, x: x + boxW / 2, y: y + 30 + 14 * Double(row), anchor: "middle"))
                }
                let mid = y + 11
                if t > 0 {
                    body.append(##"<line x1="\##(SVGText.fmt(x - gap + 2))" y1="\##(SVGText.fmt(mid))" x2="\##(SVGText.fmt(x - 2))" y2="\##(SVGText.fmt(mid))" stroke="#333" marker-end="url(#fwd)"/>"##)
                    if let factor = column.factor {
                        body.append(SVGText.text(factor, x: x - gap / 2, y: mid + 14, anchor: "middle", size: 10))
                    }
                }
                var below = y + boxH + 18
                if layout.hasGradients {
                    if let gradient = column.gradient {
                        body.append(SVGText.text(gradient, x: x + boxW / 2, y: below, anchor: "middle", fill: "#D55E00"))
                    }
                    if t > 0, cells[t - 1].gradient != nil {
                        body.append(##"<line x1="\##(SVGText.fmt(x - 4))" y1="\##(SVGText.fmt(below - 4))" x2="\##(SVGText.fmt(x - gap + 4))" y2="\##(SVGText.fmt(below - 4))" stroke="#D55E00" marker-end="url(#back)"/>"##)
                    }
                    below += 16
                }
                if layout.hasFactors {
                    if let product = column.product { body.append(SVGText.text(product, x: x + boxW / 2, y: below, anchor: "middle", fill: "#0072B2")) }
                    below += 16
                }
                if layout.hasBound, let bound = column.bound {
                    body.append(SVGText.text(bound, x: x + boxW / 2, y: below, anchor: "middle", fill: "#555"))
                }
            }
            y += bandH
        }
        let legend = layout.legend
        for line in wrapWords(legend, width: max(30, Int(width / 6.5))) where !legend.isEmpty {
            body.append(SVGText.text(line, x: 8, y: y + 4, size: 10, fill: "#555"))
            y += 14
        }
        return SVGText.document(width: max(width, 200), height: y + 10, title: layout.title.isEmpty ? "unrolled network" : layout.title,
                                description: description, body: body)
    }
}
