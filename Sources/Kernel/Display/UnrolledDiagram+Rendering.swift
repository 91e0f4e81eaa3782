import Foundation
import TensorLang

/// Drawing the unrolled network for a terminal (box-drawing text) and a notebook (SVG).
extension UnrolledDiagram {
    /// Box-drawing text, wrapped to rows of `perRow` steps.
    public func text(perRow: Int = 6) -> String {
        var lines: [String] = []
        if !title.isEmpty { lines.append(title) }
        let width = max(11, (steps.map { max($0.value.count, $0.gradient?.count ?? 0) }.max() ?? 0) + 2)
        func pad(_ s: String) -> String {
            let room = width - s.count
            let left = room / 2
            return String(repeating: " ", count: left) + s + String(repeating: " ", count: room - left)
        }
        for start in stride(from: 0, to: steps.count, by: max(perRow, 1)) {
            let row = Array(steps[start..<min(start + perRow, steps.count)].enumerated()).map { ($0.offset + start, $0.element) }
            let joint = "───▶"
            let gap = "    "
            var top = "", label = "", value = "", bottom = "", up = "", input = "", back = "", grads = ""
            for (t, step) in row {
                let lead = t == 0 ? gap : joint
                let space = String(repeating: " ", count: 4)
                top += space + "┌" + String(repeating: "─", count: width) + "┐"
                label += lead + "│" + pad("h\(subscriptDigits(t))") + "│"
                value += space + "│" + pad(step.value) + "│"
                bottom += space + "└" + String(repeating: "─", count: width) + "┘"
                up += space + " " + pad(t == 0 ? " " : "▲") + " "
                input += space + " " + pad(t == 0 ? "h₀ given" : "x\(subscriptDigits(t))") + " "
                if step.gradient != nil || row.contains(where: { $0.1.gradient != nil }) {
                    back += (t == 0 || step.gradient == nil ? gap : "◀───") + " " + pad(step.gradient == nil ? "" : "∂L/∂h\(subscriptDigits(t))") + " "
                    grads += space + " " + pad(step.gradient ?? "") + " "
                }
            }
            lines += [top, label, value, bottom, up, input]
            if !back.trimmingCharacters(in: .whitespaces).isEmpty { lines += [back, grads] }
            lines.append("")
        }
        return lines.map { $0.replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression) }.joined(separator: "\n")
            .trimmingCharacters(in: .newlines)
    }

    /// The same picture as SVG: boxes, arrows forward in black, gradients backward in orange.
    public func svg() -> String {
        let boxW = 96.0, boxH = 44.0, gapX = 36.0, top = title.isEmpty ? 16.0 : 36.0
        let width = 20 + Double(steps.count) * (boxW + gapX)
        let height = top + boxH + 90
        var out = [##"<svg xmlns="http://www.w3.org/2000/svg" width="\##(Int(width))" height="\##(Int(height))" font-family="sans-serif" font-size="11">"##,
                   ##"<defs><marker id="arrow" markerWidth="8" markerHeight="8" refX="7" refY="4" orient="auto"><path d="M0,0 L8,4 L0,8 z" fill="#333"/></marker><marker id="back" markerWidth="8" markerHeight="8" refX="7" refY="4" orient="auto"><path d="M0,0 L8,4 L0,8 z" fill="#D55E00"/></marker></defs>"##]
        if !title.isEmpty { out.append(##"<text x="10" y="20" font-size="13">\##(xml(title))</text>"##) }
        for (t, step) in steps.enumerated() {
            let x = 10 + Double(t) * (boxW + gapX)
            out.append(##"<rect x="\##(x)" y="\##(top)" width="\##(boxW)" height="\##(boxH)" rx="6" fill="#eef4fb" stroke="#0072B2"/>"##)
            out.append(##"<text x="\##(x + boxW / 2)" y="\##(top + 16)" text-anchor="middle" font-weight="bold">h\##(t)</text>"##)
            out.append(##"<text x="\##(x + boxW / 2)" y="\##(top + 33)" text-anchor="middle">\##(xml(step.value))</text>"##)
            if t > 0 {
                let from = x - gapX
                out.append(##"<line x1="\##(from)" y1="\##(top + boxH / 2)" x2="\##(x - 2)" y2="\##(top + boxH / 2)" stroke="#333" marker-end="url(#arrow)"/>"##)
                out.append(##"<line x1="\##(x + boxW / 2)" y1="\##(top + boxH + 30)" x2="\##(x + boxW / 2)" y2="\##(top + boxH + 2)" stroke="#333" marker-end="url(#arrow)"/>"##)
                out.append(##"<text x="\##(x + boxW / 2)" y="\##(top + boxH + 44)" text-anchor="middle">x\##(t)</text>"##)
            }
            if let gradient = step.gradient {
                out.append(##"<text x="\##(x + boxW / 2)" y="\##(top - 4)" text-anchor="middle" fill="#D55E00">\##(xml(gradient))</text>"##)
                if t > 0 {
                    out.append(##"<line x1="\##(x + 4)" y1="\##(top + boxH - 8)" x2="\##(x - gapX + 2)" y2="\##(top + boxH - 8)" stroke="#D55E00" marker-end="url(#back)"/>"##)
                }
            }
        }
        out.append("</svg>")
        return out.joined(separator: "\n")
    }

    private func xml(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }
}

/// `12` → `₁₂`.
func subscriptDigits(_ n: Int) -> String {
    let digits: [Character] = ["₀", "₁", "₂", "₃", "₄", "₅", "₆", "₇", "₈", "₉"]
    return String(String(n).map { c in c.wholeNumberValue.map { digits[$0] } ?? c })
}
