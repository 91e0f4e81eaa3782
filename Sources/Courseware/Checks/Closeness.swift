import TensorCore
import TensorLang

/// Compares a student's value with the reference's, the way `close` checks do:
/// same structure and shape, and every element within `atol + rtol·|reference|`.
/// NaN matches only NaN; infinities match only themselves.
struct Closeness {
    var rtol: Double
    var atol: Double

    /// nil when the values agree; otherwise what differs, with the student's value.
    /// `reveal` (a check marked `reveal`) lets the message show the expected value too.
    func mismatch(student: Value, reference: Value, name: String, reveal: Bool) -> String? {
        switch (student, reference) {
        case (.tensor(let s), .tensor(let r)):
            return mismatch(student: s.value, reference: r.value, name: name, reveal: reveal)
        case (.bool(let s), .bool(let r)):
            return s == r ? nil : reveal ? "\(name) is \(s), expected \(r)" : "\(name) is \(s), which is not the expected answer"
        case (.string(let s), .string(let r)):
            return s == r ? nil : reveal ? "\(name) is \"\(s)\", expected \"\(r)\"" : "\(name) is \"\(s)\", which is not the expected text"
        case (.sequence(let s), .sequence(let r)), (.tuple(let s), .tuple(let r)):
            guard s.count == r.count else {
                return reveal ? "\(name) has \(s.count) items, expected \(r.count)" : "\(name) has the wrong number of items (\(s.count))"
            }
            for (i, pair) in zip(s, r).enumerated() {
                if let m = mismatch(student: pair.0, reference: pair.1, name: "\(name)[\(i)]", reveal: reveal) { return m }
            }
            return nil
        case (.record(let s), .record(let r)):
            for field in r.fields {
                guard let mine = s[field.name] else { return "\(name) has no field '\(field.name)'" }
                if let m = mismatch(student: mine, reference: field.value, name: "\(name).\(field.name)", reveal: reveal) { return m }
            }
            return nil
        case (.none, .none):
            return nil
        default:
            return "\(name) is \(student.typeName), expected \(reveal ? reference.typeName : "a different kind of value")"
        }
    }

    func mismatch(student: Tensor, reference: Tensor, name: String, reveal: Bool) -> String? {
        guard student.shape == reference.shape else {
            return "\(name) has shape \(describeShape(student.shape)), expected \(describeShape(reference.shape))"
        }
        var worst: (index: Int, excess: Double)?
        for i in 0..<student.count {
            let s = student.scalars[i], r = reference.scalars[i]
            if agree(s, r) { continue }
            let excess = (s - r).magnitude - (atol + rtol * r.magnitude)
            if worst == nil || !(excess <= worst!.excess) { worst = (i, excess.isNaN ? .infinity : excess) }
        }
        guard let worst else { return nil }
        let position = describeIndex(worst.index, shape: student.shape)
        let got = number(student.scalars[worst.index])
        if reveal {
            let want = number(reference.scalars[worst.index])
            return "\(name)\(position) is \(got), expected \(want) (within rtol=\(rtol), atol=\(atol))"
        }
        return "\(name)\(position) is \(got), which is not within rtol=\(rtol), atol=\(atol) of the expected value"
    }

    func agree(_ s: Double, _ r: Double) -> Bool {
        if s.isNaN || r.isNaN { return s.isNaN && r.isNaN }
        if s.isInfinite || r.isInfinite { return s == r }
        return (s - r).magnitude <= atol + rtol * r.magnitude
    }

    /// A number as the language prints one: `3`, `0.9253`, `1.2e-09`.
    func number(_ x: Double) -> String {
        let text = Tensor.format(x, precision: 6)
        return text.hasSuffix(".") ? String(text.dropLast()) : text
    }

    /// `[1, 2]` for flat index 5 of shape (2, 3); empty for scalars.
    func describeIndex(_ flat: Int, shape: [Int]) -> String {
        guard !shape.isEmpty else { return "" }
        var rest = flat
        var index = [Int](repeating: 0, count: shape.count)
        for axis in stride(from: shape.count - 1, through: 0, by: -1) {
            index[axis] = rest % max(shape[axis], 1)
            rest /= max(shape[axis], 1)
        }
        return "[" + index.map(String.init).joined(separator: ", ") + "]"
    }
}
