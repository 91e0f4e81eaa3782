import Autodiff
import TensorCore

/// A multilayer recurrent cell: layer l reads the new hidden state of layer l − 1 at the same step,
///
///     h_t^l = cell^l(h_t^{l−1}, h_{t−1}^l),    h_t^0 = x_t
///
/// With Elman layers this is `h_t^l = tanh(W^l [h_t^{l−1}; h_{t−1}^l] + b^l)` where
/// `W^l = [W_xh^l  W_hh^l]`. All layers share one hidden size H; layer 1 reads D inputs.
///
/// States are listed from the top layer down, so the first state is the top
/// hidden state (what a readout reads): for two LSTM layers the names are
/// `h2, c2, h1, c1`. Parameters are listed bottom layer first, named `l1.w`, `l2.w`, …
/// The backward pass runs the layers top down: the input gradient of layer l
/// is added to the hidden-state gradient of layer l − 1.
public struct StackedCells<Cell: RecurrentCell>: RecurrentCell {
    /// The layers, bottom (reading x) first.
    public let layers: [Cell]

    public init(_ layers: [Cell]) throws {
        guard let first = layers.first else {
            throw TensorError(.invalidArgument, "stacked_cells", "give at least one layer")
        }
        for (l, layer) in layers.enumerated().dropFirst() {
            guard layer.inputSize == first.hiddenSize, layer.hiddenSize == first.hiddenSize else {
                throw TensorError(.shapeMismatch, "stacked_cells",
                    "layer \(l + 1) has input size \(layer.inputSize) and hidden size \(layer.hiddenSize); every layer above the first needs both equal to \(first.hiddenSize)")
            }
        }
        self.layers = layers
    }

    public var inputSize: Int { layers.first?.inputSize ?? 0 }
    public var hiddenSize: Int { layers.first?.hiddenSize ?? 0 }
    public var stateNames: [String] {
        layers.indices.reversed().flatMap { l in layers[l].stateNames.map { "\($0)\(l + 1)" } }
    }
    public var gateNames: [String] {
        layers.indices.flatMap { l in layers[l].gateNames.map { "\($0)\(l + 1)" } }
    }
    public var parameterNames: [String] {
        layers.indices.flatMap { l in layers[l].parameterNames.map { "l\(l + 1).\($0)" } }
    }
    public var parameters: [Tensor] { layers.flatMap(\.parameters) }

    public func withParameters(_ parameters: [Tensor]) throws -> StackedCells<Cell> {
        try checkParameters(parameters, operation: "stacked_cells")
        var offset = 0
        var rebuilt: [Cell] = []
        for layer in layers {
            let count = layer.parameters.count
            rebuilt.append(try layer.withParameters(Array(parameters[offset..<(offset + count)])))
            offset += count
        }
        return try StackedCells(rebuilt)
    }

    /// The positions of layer l's states in the stacked state list (top layer first).
    func stateRange(_ l: Int) -> Range<Int> {
        let start = layers[(l + 1)...].reduce(0) { $0 + $1.stateNames.count }
        return start..<(start + layers[l].stateNames.count)
    }

    func parameterRange(_ l: Int) -> Range<Int> {
        let start = layers[..<l].reduce(0) { $0 + $1.parameters.count }
        return start..<(start + layers[l].parameters.count)
    }

    public func graphStep(input: Variable, state: [Variable], parameters p: [Variable]) throws -> [Variable] {
        _ = try checkedBatch(input: input.shape, state: state.map(\.shape), operation: "stacked_cells")
        guard p.count == parameters.count else {
            throw TensorError(.invalidArgument, "stacked_cells", "expected \(parameters.count) parameter variables, got \(p.count)")
        }
        var next = state
        var below = input
        for (l, layer) in layers.enumerated() {
            let range = stateRange(l)
            let new = try layer.graphStep(input: below, state: Array(state[range]), parameters: Array(p[parameterRange(l)]))
            next.replaceSubrange(range, with: new)
            below = new[0]
        }
        return next
    }

    public func nativeStep(input: [Double], state: [[Double]], batch: Int) throws -> NativeStepRecord {
        var next = state
        var below = input
        var inner: [NativeStepRecord] = []
        for (l, layer) in layers.enumerated() {
            let range = stateRange(l)
            let record = try layer.nativeStep(input: below, state: Array(state[range]), batch: batch)
            next.replaceSubrange(range, with: record.state)
            below = record.state[0]
            inner.append(record)
        }
        return NativeStepRecord(state: next, gates: inner.flatMap(\.gates), inner: inner)
    }

    public func nativeStepBackward(_ record: NativeStepRecord, input: [Double], state: [[Double]], batch: Int,
                                   stateGradients: [[Double]], parameterGradients: inout [[Double]]) throws
        -> (input: [Double], state: [[Double]]) {
        var previous = stateGradients
        var fromAbove: [Double]? = nil
        for l in layers.indices.reversed() {
            let range = stateRange(l)
            var incoming = Array(stateGradients[range])
            if let fromAbove { CellMath.add(fromAbove, to: &incoming[0]) }
            let layerInput = l == 0 ? input : record.inner[l - 1].state[0]
            var layerGradients = Array(parameterGradients[parameterRange(l)])
            let back = try layers[l].nativeStepBackward(record.inner[l], input: layerInput, state: Array(state[range]),
                                                        batch: batch, stateGradients: incoming,
                                                        parameterGradients: &layerGradients)
            parameterGradients.replaceSubrange(parameterRange(l), with: layerGradients)
            previous.replaceSubrange(range, with: back.state)
            fromAbove = back.input
        }
        return (fromAbove ?? [], previous)
    }
}
