import Foundation
import TensorCore
import TensorLang

/// Turns language values into mime bundles: aligned text with a shape footer
/// for terminals, an HTML table for notebooks.
struct ValueRenderer {
    /// Tensors with more elements than this are not rendered as HTML tables.
    var htmlCellLimit = 400
    /// Whether tensors' plain text ends with a `shape (…)` line (interactive use).
    var shapeFooter = true
    /// Whether bundles also carry the value as JSON (``MimeBundle/json``), for `unroll run --json`.
    var includesJSON = false

    func bundle(for value: Value) -> MimeBundle {
        var bundle = formatted(value)
        if includesJSON { bundle.json = ValueJSON(value) }
        return bundle
    }

    /// Text for terminals, HTML for notebooks.
    private func formatted(_ value: Value) -> MimeBundle {
        // Multi-line text (a graph dump, a table) reads better as itself than as a quoted literal.
        if let text = value.stringValue, text.contains("\n") {
            return MimeBundle(plain: text, html: "<pre>\(escape(text))</pre>")
        }
        guard case .tensor(let variable) = value, variable.value.rank >= 1 else {
            return MimeBundle(plain: value.description)
        }
        let tensor = variable.value
        let plain = tensor.description + (shapeFooter ? "\nshape \(describeShape(tensor.shape))" : "")
        return MimeBundle(plain: plain, html: html(for: tensor))
    }

    /// A vector as one row, a matrix as a table; other ranks keep the text form.
    func html(for tensor: Tensor) -> String? {
        guard tensor.rank == 1 || tensor.rank == 2, tensor.count <= htmlCellLimit, tensor.count > 0 else {
            return "<pre>\(escape(tensor.description))</pre><small>shape \(describeShape(tensor.shape))</small>"
        }
        let columns = tensor.rank == 2 ? tensor.shape[1] : tensor.count
        let rows = tensor.rank == 2 ? tensor.shape[0] : 1
        var out = "<table class=\"unroll-tensor\" style=\"font-family: monospace; text-align: right\">"
        for r in 0..<rows {
            out += "<tr>"
            for c in 0..<columns { out += "<td>\(Tensor.format(tensor.scalars[r * columns + c]))</td>" }
            out += "</tr>"
        }
        return out + "</table><small>shape \(describeShape(tensor.shape))</small>"
    }

    // MARK: One-line summaries for :vars and inspection

    static func kind(of value: Value) -> String {
        switch value {
        case .tensor(let v): return v.value.rank == 0 ? "scalar" : "tensor"
        case .bool: return "bool"
        case .string: return "string"
        case .sequence: return "sequence"
        case .tuple: return "tuple"
        case .record: return "record"
        case .function: return "function"
        case .range: return "range"
        case .none: return "none"
        }
    }

    static func shapeText(of value: Value) -> String {
        switch value {
        case .tensor(let v): return describeShape(v.shape)
        case .sequence(let items): return "\(items.count) items"
        case .tuple(let items): return "\(items.count) items"
        case .record(let r): return "\(r.fields.count) fields"
        case .string(let s): return "\(s.text.count) chars"
        default: return ""
        }
    }

    /// The value's text on one line, cut to `width` characters with an ellipsis.
    static func preview(of value: Value, width: Int) -> String {
        let flat = value.description.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        return flat.count <= width ? flat : String(flat.prefix(max(1, width - 1))) + "…"
    }
}

/// Escapes text for HTML.
func escape(_ s: String) -> String {
    s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
}
