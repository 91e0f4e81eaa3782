import TensorCore

/// Readable dumps of a recorded graph, for students and for debugging.
///
/// Both list every node reachable from the output, oldest first, with its id,
/// operation, input ids, shape, a preview of its value (at most
/// ``previewCount`` numbers) and, if a backward pass reached it, its gradient.
///
/// ```text
/// #1 leaf (2,) value [1, 2]
/// #2 leaf (2,) value [3, 4]
/// #3 multiply(#1, #2) (2,) value [3, 8] grad [1, 1]
/// #4 sum(#3) () value 11 grad 1
/// ```
public enum GraphDump {
    /// The number of values shown before `…`.
    public static let previewCount = 6

    /// One line per node: `#id op(#input, …) shape value […] grad […]`.
    public static func text(_ y: Variable) -> String {
        nodes(reachableFrom: y).map { node in
            var line = "#\(node.id) \(node.op)"
            if !node.inputs.isEmpty { line += "(" + node.inputs.map { "#\($0.id)" }.joined(separator: ", ") + ")" }
            line += " \(describeShape(node.shape)) value \(preview(node.value))"
            if let g = node.grad { line += " grad \(preview(g))" }
            return line
        }.joined(separator: "\n")
    }

    /// A Graphviz DOT digraph: one box per node, edges from inputs to the node using them.
    public static func dot(_ y: Variable) -> String {
        let all = nodes(reachableFrom: y)
        var lines = ["digraph unroll {", "  rankdir=BT;", "  node [shape=box, fontname=\"monospace\"];"]
        for node in all {
            var label = "#\(node.id) \(node.op)\\n\(describeShape(node.shape))\\n\(preview(node.value))"
            if let g = node.grad { label += "\\ngrad \(preview(g))" }
            lines.append("  n\(node.id) [label=\"\(label)\"];")
        }
        for node in all {
            for input in node.inputs { lines.append("  n\(input.id) -> n\(node.id);") }
        }
        lines.append("}")
        return lines.joined(separator: "\n")
    }

    /// Every node reachable from `y`, sorted by id (a topological order), found without recursion.
    public static func nodes(reachableFrom y: Variable) -> [Variable] {
        var seen: Set<Int> = [y.id]
        var stack = [y]
        var found: [Variable] = []
        while let node = stack.popLast() {
            found.append(node)
            for input in node.inputs where !seen.contains(input.id) {
                seen.insert(input.id)
                stack.append(input)
            }
        }
        return found.sorted { $0.id < $1.id }
    }

    /// A one-element tensor prints as a number, others as a flat list `[a, b, …]`.
    static func preview(_ t: Tensor) -> String {
        if t.rank == 0 { return Tensor.format(t.scalars[0]) }
        let shown = t.scalars.prefix(previewCount).map { Tensor.format($0) }
        return "[" + shown.joined(separator: ", ") + (t.count > previewCount ? ", …" : "") + "]"
    }
}
