import TensorCore
import Autodiff

/// Derivatives of anything computed in the session, and a look at the graph.
enum AutodiffLibrary {
    static var builtins: [Builtin] {
        [
            Builtin("grad", "y, x", "∂y/∂x for a one-element y, shaped like x (x may be any earlier result, e.g. a hidden state)",
                    example: "w = [1, 2]; L = sum(w * w); grad(L, w)") { a in
                let d = try Autodiff.grad(try a.tensor(0), wrt: try a.tensor(1))
                if let note = d.note { a.interpreter.write("note: \(note)\n") }
                return .tensor(d.value)
            },
            Builtin("jacobian", "y, x", "∂y/∂x with shape y.shape + x.shape: J[i, j] = ∂y[i]/∂x[j]",
                    example: "x = [1, 2]; jacobian(tanh(x), x)") { a in
                let d = try Autodiff.jacobian(try a.tensor(0), wrt: try a.tensor(1))
                if let note = d.note { a.interpreter.write("note: \(note)\n") }
                return .tensor(d.value)
            },
            Builtin("graph", "y, dot=false", "the computational graph behind y: one line per node (op, inputs, shape), or DOT text",
                    example: "x = [1, 2]; graph(sum(x * x))") { a in
                let y = try a.tensor(0)
                return .string(try StringValue.make(try a.bool(1) ? GraphDump.dot(y) : GraphText.render(y, names: a.interpreter.namesOfTensors()), operation: "graph"))
            },
            Builtin("detach", "x", "the same value cut from the graph: gradients do not flow through it", example: "x = [1, 2]; grad(sum(detach(x) * x), x)") { a in
                .tensor(try a.tensor(0).detach())
            },
        ]
    }
}

/// The graph as text with ids renumbered from 1 for this output, so the dump is the same in every run:
/// `%3 = matmul(%1, %2)  (2,)  # y` (the comment names a global variable holding that node).
enum GraphText {
    static func render(_ y: Variable, names: [Int: String] = [:]) -> String {
        let nodes = GraphDump.nodes(reachableFrom: y)
        var local: [Int: Int] = [:]
        for (i, node) in nodes.enumerated() { local[node.id] = i + 1 }
        return nodes.map { node in
            let inputs = node.inputs.map { "%\(local[$0.id] ?? 0)" }.joined(separator: ", ")
            let call = node.inputs.isEmpty ? node.op : "\(node.op)(\(inputs))"
            let name = names[node.id].map { "  # \($0)" } ?? ""
            return "%\(local[node.id] ?? 0) = \(call)  \(describeShape(node.shape))\(name)"
        }.joined(separator: "\n")
    }
}
