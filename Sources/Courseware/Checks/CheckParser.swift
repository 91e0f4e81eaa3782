/// Parses one line of a `check=` block, e.g. `close loss rtol=1e-6 points=2 hidden`.
///
/// Options (`points=`, `rtol=`, `atol=`, `trials=`, `scale=`, and one of `hidden`, `visible`,
/// `reveal`) come at the end of the line; what precedes them is the check's kind and
/// arguments.
enum CheckParser {
    struct Failure: Error { var text: String }

    static func parse(_ text: String, line: Int) throws -> CheckSpec {
        var words = text.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        var options: [String: String] = [:]
        var visibility = CheckVisibility.visible
        while let last = words.last {
            if let chosen = CheckVisibility(rawValue: last) { visibility = chosen; words.removeLast(); continue }
            let parts = last.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, ["points", "rtol", "atol", "trials", "scale"].contains(parts[0]) else { break }
            options[parts[0]] = parts[1]
            words.removeLast()
        }
        guard let kindWord = words.first else { throw Failure(text: "an empty check") }
        let rest = words.dropFirst().joined(separator: " ")
        func number(_ key: String, _ fallback: Double) throws -> Double {
            guard let raw = options[key] else { return fallback }
            guard let value = Double(raw), value.isFinite, value >= 0 else { throw Failure(text: "\(key)=\(raw) is not a non-negative number") }
            return value
        }
        let points = try number("points", 1)
        let rtol = try number("rtol", 1e-6), atol = try number("atol", 1e-9)
        let kind: CheckKind
        switch kindWord {
        case "close":
            guard !rest.isEmpty else { throw Failure(text: "close needs an expression, e.g. close loss") }
            kind = .close(expression: rest, rtol: rtol, atol: atol)
        case "shape":
            guard let open = rest.lastIndex(of: "("), rest.hasSuffix(")") else { throw Failure(text: "shape needs an expression and a shape, e.g. shape h (3,)") }
            let expression = rest[..<open].trimmingCharacters(in: .whitespaces)
            guard !expression.isEmpty else { throw Failure(text: "shape needs an expression before the shape") }
            kind = .shape(expression: expression, shape: try parseShape(String(rest[open...])))
        case "true":
            guard !rest.isEmpty else { throw Failure(text: "true needs an expression") }
            kind = .isTrue(expression: rest)
        case "property", "gradient":
            var parts = rest.split(separator: " ", maxSplits: 1).map(String.init)
            guard var function = parts.first, !function.hasPrefix("(") else { throw Failure(text: "\(kindWord) needs a function name and input shapes, e.g. \(kindWord) step (3,) (2,)") }
            // `gradient BACKWARD of FORWARD (shapes)`
            var backward: String?
            if kindWord == "gradient", parts.count > 1, parts[1].hasPrefix("of ") {
                let after = parts[1].dropFirst(3).split(separator: " ", maxSplits: 1).map(String.init)
                guard let forward = after.first else { throw Failure(text: "gradient B of F needs the forward function F") }
                backward = function
                function = forward
                parts = [forward] + after.dropFirst()
            }
            let shapes = try parseShapeList(parts.count > 1 ? parts[1] : "")
            guard !shapes.isEmpty else { throw Failure(text: "\(kindWord) needs at least one input shape, e.g. (3,)") }
            let scale = try number("scale", 1)
            guard scale > 0 else { throw Failure(text: "scale must be a positive number") }
            let inputs = RandomInputs(shapes: shapes, scale: scale)
            if kindWord == "property" {
                let trials = Int(options["trials"] ?? "5") ?? -1
                guard (1...1000).contains(trials) else { throw Failure(text: "trials must be a whole number from 1 to 1000") }
                kind = .property(function: function, inputs: inputs, trials: trials, rtol: rtol, atol: atol)
            } else {
                kind = .gradient(backward: backward, function: function, inputs: inputs, rtol: try number("rtol", 1e-5))
            }
        case "uses", "avoids":
            guard !rest.isEmpty, !rest.contains(" ") else { throw Failure(text: "\(kindWord) takes one name") }
            kind = kindWord == "uses" ? .uses(name: rest) : .avoids(name: rest)
        case "raises":
            let parts = rest.split(separator: " ", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { throw Failure(text: "raises needs an error kind and an expression, e.g. raises shape W @ x") }
            kind = .raises(kind: parts[0], expression: parts[1])
        default:
            throw Failure(text: "unknown check '\(kindWord)'; use close, shape, true, property, gradient, uses, avoids or raises")
        }
        return CheckSpec(kind: kind, points: points, visibility: visibility, source: words.joined(separator: " "), line: line)
    }

    /// `(2, 3)` → [2, 3]; `(3,)` → [3]; `()` → [].
    static func parseShape(_ text: String) throws -> [Int] {
        let inner = text.trimmingCharacters(in: .whitespaces).dropFirst().dropLast()
        var dims: [Int] = []
        for part in inner.split(separator: ",") {
            let t = part.trimmingCharacters(in: .whitespaces)
            if t.isEmpty { continue }
            guard let d = Int(t), d >= 0, d <= 100_000 else { throw Failure(text: "'\(text)' is not a shape like (2, 3)") }
            dims.append(d)
        }
        guard dims.count <= 4 else { throw Failure(text: "'\(text)' has more than 4 dimensions") }
        return dims
    }

    /// `(3,) (2, 3)` → [[3], [2, 3]].
    static func parseShapeList(_ text: String) throws -> [[Int]] {
        var shapes: [[Int]] = []
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "(") {
            guard let close = rest[open...].firstIndex(of: ")") else { throw Failure(text: "unclosed '(' in '\(text)'") }
            shapes.append(try parseShape(String(rest[open...close])))
            rest = rest[rest.index(after: close)...]
        }
        guard rest.trimmingCharacters(in: .whitespaces).isEmpty else { throw Failure(text: "unexpected '\(rest.trimmingCharacters(in: .whitespaces))' after the shapes") }
        return shapes
    }
}
