import Foundation

/// The pieces every SVG picture is written with: the document frame with its
/// accessible name and description, text elements, number formatting for
/// coordinates, escaping, and an estimate of how wide a text will be, so the
/// layout can keep labels from overlapping.
enum SVGText {
    /// The font every picture asks for; DejaVu Sans is what the estimate below measures,
    /// and the fallbacks are no wider.
    static let fontFamily = "DejaVu Sans, Verdana, sans-serif"

    /// A complete SVG document, labelled for screen readers: `role="img"`, a
    /// `<title>` naming the picture and a `<desc>` saying what it shows.
    static func document(width: Double, height: Double, title: String, description: String, body: [String]) -> String {
        let head = ##"<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="t d" width="\##(fmt(width))" height="\##(fmt(height))" viewBox="0 0 \##(fmt(width)) \##(fmt(height))" font-family="\##(fontFamily)" font-size="11">"##
        let labels = "<title id=\"t\">\(escape(title))</title>\n<desc id=\"d\">\(escape(description))</desc>"
        let background = ##"<rect width="100%" height="100%" fill="#ffffff"/>"##
        return ([head, labels, background] + body + ["</svg>"]).joined(separator: "\n")
    }

    /// A `<text>` element. `anchor` is `start`, `middle` or `end`.
    static func text(_ content: String, x: Double, y: Double, anchor: String = "start", size: Double? = nil,
                     fill: String? = nil, bold: Bool = false, extra: String = "") -> String {
        var attributes = ##"x="\##(fmt(x))" y="\##(fmt(y))""##
        if anchor != "start" { attributes += ##" text-anchor="\##(anchor)""## }
        if let size { attributes += ##" font-size="\##(fmt(size))""## }
        if let fill { attributes += ##" fill="\##(fill)""## }
        if bold { attributes += ##" font-weight="bold""## }
        if !extra.isEmpty { attributes += " " + extra }
        return "<text \(attributes)>\(escape(content))</text>"
    }

    /// A coordinate with one decimal; never `nan` or `inf` (those become 0 or the nearest bound).
    static func fmt(_ v: Double) -> String {
        let safe = v.isNaN ? 0 : min(max(v, -1e7), 1e7)
        let text = String(format: "%.1f", safe)
        return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
    }

    /// Escapes text for XML content and attributes.
    static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.count)
        for ch in s.unicodeScalars {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            // Characters XML 1.0 forbids are dropped rather than breaking the document.
            case "\u{0}"..."\u{8}", "\u{B}", "\u{C}", "\u{E}"..."\u{1F}", "\u{FFFE}", "\u{FFFF}": continue
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }

    /// Advance widths of ASCII 32…126 in DejaVu Sans, in em.
    private static let asciiWidths: [Double] = [
        0.318, 0.401, 0.46, 0.838, 0.636, 0.95, 0.78, 0.275, 0.39, 0.39, 0.5, 0.838, 0.318, 0.361, 0.318, 0.337,
        0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.337, 0.337, 0.838, 0.838, 0.838, 0.531,
        1.0, 0.684, 0.686, 0.698, 0.77, 0.632, 0.575, 0.775, 0.752, 0.295, 0.295, 0.656, 0.557, 0.863, 0.748, 0.787,
        0.603, 0.787, 0.695, 0.635, 0.611, 0.732, 0.684, 0.989, 0.685, 0.611, 0.685, 0.39, 0.337, 0.39, 0.838, 0.5,
        0.5, 0.613, 0.635, 0.55, 0.635, 0.615, 0.352, 0.635, 0.634, 0.278, 0.278, 0.579, 0.278, 0.974, 0.634, 0.612,
        0.635, 0.635, 0.411, 0.521, 0.392, 0.634, 0.592, 0.818, 0.592, 0.592, 0.525, 0.636, 0.337, 0.636, 0.838,
    ]

    /// How wide `s` is at `size` pixels: DejaVu Sans' widths for ASCII, and a
    /// generous full em for anything else (Greek, subscripts, arrows), so the
    /// estimate errs towards more room.
    static func width(_ s: String, size: Double = 11) -> Double {
        var em = 0.0
        for scalar in s.unicodeScalars {
            let v = Int(scalar.value)
            em += (32...126).contains(v) ? asciiWidths[v - 32] : 1.0
        }
        return em * size
    }
}
