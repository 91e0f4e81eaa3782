import Synchronization
import TensorCore

/// A tensor recorded in the session's computational graph.
///
/// Every tensor the language computes is a `Node`: its value, the operation that made it,
/// its inputs and a pullback mapping the gradient of the output to gradients of the inputs.
/// This is the language's thin adapter over reverse-mode autodiff; `grad`, `jacobian` and
/// `graph` walk these nodes. Composite operations (softmax, norm, outer, ...) are built from
/// primitives in `Node+Ops.swift` and carry no derivative code of their own.
public final class Node {
    private static let counter = Atomic<Int>(0)

    /// A unique id, shown by `graph(...)`.
    public let id: Int
    public let value: Tensor
    /// The operation that produced it (`"input"` for literals and constants).
    public let op: String
    public let inputs: [Node]
    /// Maps the gradient of this node to gradients of `inputs` (same order, same shapes).
    let pullback: ((Tensor) throws -> [Tensor])?

    public var shape: [Int] { value.shape }

    /// A leaf: a constant or a parameter.
    public init(_ value: Tensor) {
        self.id = Node.counter.add(1, ordering: .relaxed).newValue
        self.value = value
        self.op = "input"
        self.inputs = []
        self.pullback = nil
    }

    init(_ value: Tensor, op: String, inputs: [Node], pullback: @escaping (Tensor) throws -> [Tensor]) {
        self.id = Node.counter.add(1, ordering: .relaxed).newValue
        self.value = value
        self.op = op
        self.inputs = inputs
        self.pullback = pullback
    }

    /// The same value, cut off from the graph (its gradient does not flow back).
    public func detached() -> Node { Node(value) }
}

/// The largest graph `grad`, `jacobian` and `graph` will walk.
public enum GraphLimits {
    public static let maxNodes = 2_000_000
}

extension Node {
    /// Nodes reachable from `self`, inputs before the nodes that use them (iterative, no recursion).
    func topologicalOrder(operation: String) throws -> [Node] {
        var order: [Node] = []
        var visited = Set<ObjectIdentifier>()
        var stack: [(Node, Bool)] = [(self, false)]
        while let (node, expanded) = stack.popLast() {
            if expanded { order.append(node); continue }
            guard visited.insert(ObjectIdentifier(node)).inserted else { continue }
            guard visited.count <= GraphLimits.maxNodes else {
                throw TensorError(.limitExceeded, operation, "the graph has more than \(GraphLimits.maxNodes) nodes; use detach(...) to cut it")
            }
            stack.append((node, true))
            for input in node.inputs where !visited.contains(ObjectIdentifier(input)) { stack.append((input, false)) }
        }
        return order
    }

    /// Reverse-mode sweep from `self` seeded with `seed`; returns the gradient of every reached node.
    func backward(seed: Tensor, order: [Node]) throws -> [ObjectIdentifier: Tensor] {
        var grads: [ObjectIdentifier: Tensor] = [ObjectIdentifier(self): seed]
        for node in order.reversed() {
            guard let g = grads[ObjectIdentifier(node)], let pullback = node.pullback else { continue }
            let inputGrads = try pullback(g)
            for (input, ig) in zip(node.inputs, inputGrads) {
                let key = ObjectIdentifier(input)
                grads[key] = try grads[key].map { try $0 + ig } ?? ig
            }
        }
        return grads
    }

    /// ∂self/∂x for a scalar `self`, shaped like `x`; zeros when `self` does not depend on `x`.
    public func gradient(wrt x: Node) throws -> (value: Tensor, dependent: Bool) {
        guard value.count == 1 else {
            throw TensorError(.invalidArgument, "grad", "needs a scalar to differentiate, got shape \(describeShape(shape)); use sum(...) or jacobian(...)")
        }
        let order = try topologicalOrder(operation: "grad")
        let grads = try backward(seed: try Tensor.ones(shape), order: order)
        if let g = grads[ObjectIdentifier(x)] { return (g, true) }
        return (try Tensor.zeros(x.shape), false)
    }

    /// ∂self/∂x with shape `self.shape + x.shape`, one reverse sweep per output element.
    public func jacobian(wrt x: Node) throws -> (value: Tensor, dependent: Bool) {
        let order = try topologicalOrder(operation: "jacobian")
        let resultShape = shape + x.shape
        _ = try Shape.checkedCount(resultShape, operation: "jacobian")
        var rows: [Double] = []
        rows.reserveCapacity(value.count * x.value.count)
        var dependent = false
        for i in 0..<value.count {
            var seed = [Double](repeating: 0, count: value.count)
            seed[i] = 1
            let grads = try backward(seed: try Tensor(shape: shape, scalars: seed), order: order)
            if let g = grads[ObjectIdentifier(x)] {
                dependent = true
                rows += g.scalars
            } else {
                rows += [Double](repeating: 0, count: x.value.count)
            }
        }
        return (try Tensor(shape: resultShape, scalars: rows), dependent)
    }
}
