import TensorCore
import TensorLang

/// Claims: expressions that must be true (`true` checks and `unroll assert`
/// lines), and what to say when one is not.
enum Claims {
    /// Whether a claim's value counts as true: `true`, or a one-element tensor that is
    /// neither 0 nor NaN. nil when the value is not a truth value at all.
    static func truth(of value: Value) -> Bool? {
        switch value {
        case .bool(let b): return b
        case .tensor(let v) where v.value.count == 1:
            let x = v.value.scalars[0]
            return x != 0 && !x.isNaN
        default: return nil
        }
    }

    /// Why the claim `source` is false, as the values of the comparison that failed:
    /// for `norm(H[0] - h) < 1e-12`, "norm(H[0] - h) is 0.5312". For `a and b` it
    /// explains the first false side. nil when there is nothing useful to add.
    ///
    /// - Parameter evaluate: the value of a piece of `source` in the session the claim is about.
    static func explanation(of source: String, evaluate: (String) -> Value?) -> String? {
        guard let statements = try? Parser.parse(source), statements.count == 1,
              case .expression(let expression, _) = statements[0].kind else { return nil }
        return explanation(of: expression, in: Array(source.utf8), evaluate: evaluate)
    }

    private static func explanation(of expression: Expr, in source: [UInt8], evaluate: (String) -> Value?) -> String? {
        guard case .binary(let op, let lhs, let rhs) = expression.kind else { return nil }
        func text(_ e: Expr) -> String {
            String(decoding: source[min(e.span.start, source.count)..<min(e.span.end, source.count)], as: UTF8.self)
        }
        switch op {
        case .and:
            for side in [lhs, rhs] where evaluate(text(side)).flatMap(truth) != true {
                return explanation(of: side, in: source, evaluate: evaluate) ?? "'\(text(side))' is false"
            }
            return nil
        case .less, .lessEqual, .greater, .greaterEqual, .equal, .notEqual:
            let sides = [lhs, rhs].filter { !isLiteral($0) }.compactMap { side in
                evaluate(text(side)).map { "\(text(side)) is \(brief($0))" }
            }
            return sides.isEmpty ? nil : sides.joined(separator: " and ")
        default:
            return nil
        }
    }

    private static func isLiteral(_ e: Expr) -> Bool {
        switch e.kind {
        case .number, .string, .bool, .none: return true
        case .unary(_, let inner): return isLiteral(inner)
        default: return false
        }
    }

    /// A value in a few words: a number, a short vector in full, a larger tensor by
    /// its shape and range.
    static func brief(_ value: Value) -> String {
        switch value {
        case .tensor(let v): return brief(v.value)
        case .bool(let b): return b ? "true" : "false"
        case .string(let string):
            let s = string.text
            return "\"\(s.count > 40 ? String(s.prefix(40)) + "…" : s)\""
        default: return value.typeName
        }
    }

    static func brief(_ tensor: Tensor) -> String {
        let numbers = tensor.scalars
        func number(_ x: Double) -> String {
            let text = Tensor.format(x, precision: 4)
            return text.hasSuffix(".") ? String(text.dropLast()) : text
        }
        if tensor.shape.isEmpty, let x = numbers.first { return number(x) }
        if numbers.count <= 6, tensor.shape.count == 1 { return "[" + numbers.map(number).joined(separator: ", ") + "]" }
        let finite = numbers.filter(\.isFinite)
        let range = finite.isEmpty ? "" : ", entries from \(number(finite.min()!)) to \(number(finite.max()!))"
        let extra = finite.count < numbers.count ? " (and \(numbers.count - finite.count) NaN or infinite)" : ""
        return "a tensor of shape \(describeShape(tensor.shape))\(range)\(extra)"
    }
}
