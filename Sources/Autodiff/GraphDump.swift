import TensorCore

/// Readable dumps of a recorded graph, for students and for debugging.
///
/// Both list every node reachable from the output, oldest first, with its id,
/// operation, input ids, shape, a preview of its value (at most
/// ``previewCount`` numbers) and, if a backward pass reached it, its gradient.
///
/// ```text
/// #1 leaf (2,) value [1., 2.]
/// #2 leaf (2,) value [3., 4.]
/// #3 multiply(#1, #2) (2,) value [3., 8.] grad [1., 1.]
/// #4 sum(#3) () value 11. grad 1.
/// ```
///
/// A graph with more than `limit` nodes (default ``defaultLimit``) is shown
/// by its oldest and newest `limit / 2` nodes around one line saying how many
/// were left out, so dumping an unrolled training run stays readable.
public enum GraphDump {
    /// The number of values shown before `…`.
    public static let previewCount = 6
    /// The most nodes a dump shows unless asked for more.
    public static let defaultLimit = 400

    /// One line per node: `#id op(#input, …) shape value […] grad […]`.
    public static func text(_ y: Variable, limit: Int = defaultLimit) -> String {
        let (head, omitted, tail) = shown(Node.reachable(from: y.node), limit: limit)
        var lines = head.map(line)
        if omitted > 0 { lines.append("… \(omitted) nodes omitted …") }
        lines += tail.map(line)
        return lines.joined(separator: "\n")
    }

    /// A Graphviz DOT digraph: one box per node, edges from inputs to the node using them
    /// (edges to omitted nodes are left out; a note node says how many were omitted).
    public static func dot(_ y: Variable, limit: Int = defaultLimit) -> String {
        let (head, omitted, tail) = shown(Node.reachable(from: y.node), limit: limit)
        let all = head + tail
        let shownIDs = Set(all.map(\.id))
        var lines = ["digraph unroll {", "  rankdir=BT;", "  node [shape=box, fontname=\"monospace\"];"]
        for node in all {
            var label = "#\(node.id) \(node.op)\\n\(describeShape(node.value.shape))\\n\(preview(node.value))"
            if let g = node.grad { label += "\\ngrad \(preview(g))" }
            lines.append("  n\(node.id) [label=\"\(label)\"];")
        }
        if omitted > 0 { lines.append("  omitted [shape=plaintext, label=\"… \(omitted) nodes omitted …\"];") }
        for node in all {
            for input in node.inputs where shownIDs.contains(input.id) { lines.append("  n\(input.id) -> n\(node.id);") }
        }
        lines.append("}")
        return lines.joined(separator: "\n")
    }

    private static func line(_ node: Node) -> String {
        var line = "#\(node.id) \(node.op)"
        if !node.inputs.isEmpty { line += "(" + node.inputs.map { "#\($0.id)" }.joined(separator: ", ") + ")" }
        line += " \(describeShape(node.value.shape)) value \(preview(node.value))"
        if let g = node.grad { line += " grad \(preview(g))" }
        return line
    }

    /// The oldest and newest nodes to show and how many lie between them.
    private static func shown(_ all: [Node], limit: Int) -> (head: ArraySlice<Node>, omitted: Int, tail: ArraySlice<Node>) {
        let limit = Swift.max(2, limit)
        guard all.count > limit else { return (all[...], 0, []) }
        let half = limit / 2
        return (all.prefix(half), all.count - 2 * half, all.suffix(half))
    }

    /// Every node reachable from `y`, sorted by id (a topological order), found without recursion.
    public static func nodes(reachableFrom y: Variable) -> [Variable] {
        Node.reachable(from: y.node).map(Variable.init(node:))
    }

    /// A one-element tensor prints as a number, others as a flat list `[a, b, …]`.
    static func preview(_ t: Tensor) -> String {
        if t.rank == 0 { return Tensor.format(t.scalars[0]) }
        let shown = t.scalars.prefix(previewCount).map { Tensor.format($0) }
        return "[" + shown.joined(separator: ", ") + (t.count > previewCount ? ", …" : "") + "]"
    }
}

extension Node {
    /// Every node reachable from `root` (itself included), sorted by id, found without recursion.
    static func reachable(from root: Node) -> [Node] {
        let walk = nextWalk()
        root.walkMark = walk
        var stack = [root]
        var found: [Node] = []
        while let node = stack.popLast() {
            found.append(node)
            for input in node.inputs where input.walkMark != walk {
                input.walkMark = walk
                stack.append(input)
            }
        }
        return found.sorted { $0.id < $1.id }
    }
}
