import TensorCore
import Autodiff

/// Derivatives of anything computed in the session, and a look at the graph.
enum AutodiffLibrary {
    static var builtins: [Builtin] {
        [
            Builtin("grad", "y, x", "∂y/∂x for a one-element y, shaped like x; x may be any earlier result (e.g. a hidden state), or a sequence, tuple or record of them: one gradient each, from one backward sweep",
                    example: "w = [1, 2]; b = 3; L = b * sum(w * w); grad(L, [w, b])", listsAsSequences: true) { a in
                let y = try a.tensor(0)
                let targets = try a.differentiationTargets(1)
                let derivatives = try Autodiff.grads(y, wrt: targets.tensors)
                return targets.rebuilt(try results(derivatives, of: targets.tensors, a))
            },
            Builtin("jacobian", "y, x", "∂y/∂x with shape y.shape + x.shape: J[i, j] = ∂y[i]/∂x[j]; for a sequence, tuple or record of x, one jacobian each",
                    example: "x = [1, 2]; jacobian(tanh(x), x)", listsAsSequences: true) { a in
                let y = try a.tensor(0)
                let targets = try a.differentiationTargets(1)
                let derivatives = try Autodiff.jacobians(y, wrt: targets.tensors)
                return targets.rebuilt(try results(derivatives, of: targets.tensors, a))
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

/// The derivatives as values, printing their notes. Each result is a gradient leaf of its
/// target, so that `x − η·g` is recognised as a parameter update (a new history).
private func results(_ derivatives: [Derivative], of targets: [Variable], _ a: Arguments) throws -> [Value] {
    zip(derivatives, targets).map { d, x in
        if let note = d.note { a.interpreter.note(note) }
        return .tensor(Variable(gradient: d.value, of: x))
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
