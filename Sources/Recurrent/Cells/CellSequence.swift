import Autodiff
import TensorCore

/// A native forward pass of a cell over a sequence, kept for the backward pass.
public struct NativeTrace: Sendable {
    /// The inputs x_1 … x_T, each (batch, D).
    public let inputs: [Tensor]
    /// The states before each step and after the last: `states[0]` is the initial
    /// state, `states[t]` the state after step t (each a list in the order of the cell's state names).
    public let states: [[Tensor]]
    /// The per-step records (gates and backward caches).
    public let records: [NativeStepRecord]
    /// Rows per input.
    public let batch: Int

    /// The hidden states h_1 … h_T (the first state of every step).
    public var hs: [Tensor] { states.dropFirst().map { $0[0] } }
    /// The final state.
    public var finalState: [Tensor] { states.last ?? [] }
}

/// Gradients of a loss with respect to everything a sequence pass read.
public struct CellGradients: Sendable {
    /// ∂L/∂θ for each parameter, in the cell's parameter order.
    public let parameters: [Tensor]
    /// ∂L/∂x_t for each input.
    public let inputs: [Tensor]
    /// ∂L/∂(initial state), in the order of the cell's state names.
    public let initialState: [Tensor]
}

extension RecurrentCell {
    /// Runs the native step over `inputs` from `initialState` (zeros when nil).
    public func runNative(inputs: [Tensor], initialState: [Tensor]? = nil) throws -> NativeTrace {
        guard let first = inputs.first else {
            throw TensorError(.invalidArgument, "run_cell", "the input sequence is empty; give at least one (batch, \(inputSize)) step")
        }
        let batch = first.shape.first ?? 0
        let start = try initialState ?? zeroState(batch: batch)
        var states: [[Tensor]] = [start]
        var records: [NativeStepRecord] = []
        var current = start.map(\.scalars)
        for x in inputs {
            _ = try checkedBatch(input: x.shape, state: (states.last ?? []).map(\.shape), operation: "run_cell")
            let record = try nativeStep(input: x.scalars, state: current, batch: batch)
            records.append(record)
            current = record.state
            states.append(try current.map { try Tensor(shape: [batch, hiddenSize], scalars: $0) })
        }
        return NativeTrace(inputs: inputs, states: states, records: records, batch: batch)
    }

    /// Backpropagation through time on a native trace.
    ///
    /// - Parameters:
    ///   - hiddenGradients: ∂L/∂h_t for t = 1 … T from outside the recurrence (e.g. a readout);
    ///     `nil` entries mean zero.
    ///   - finalStateGradients: ∂L/∂(final state) beyond the h_T term above (nil: zero).
    public func backpropNative(_ trace: NativeTrace, hiddenGradients: [Tensor?],
                               finalStateGradients: [Tensor]? = nil) throws -> CellGradients {
        let steps = trace.records.count
        guard hiddenGradients.count == steps else {
            throw TensorError(.invalidArgument, "backprop_cell", "got \(hiddenGradients.count) hidden gradients for \(steps) steps; give one per step (nil for none)")
        }
        let stateSize = trace.batch * hiddenSize
        var carried = [[Double]](repeating: [Double](repeating: 0, count: stateSize), count: stateNames.count)
        if let finalStateGradients {
            guard finalStateGradients.count == stateNames.count, finalStateGradients.allSatisfy({ $0.count == stateSize }) else {
                throw TensorError(.shapeMismatch, "backprop_cell", "final state gradients must be \(stateNames.count) tensor(s) of shape (\(trace.batch), \(hiddenSize))")
            }
            carried = finalStateGradients.map(\.scalars)
        }
        var parameterGradients = parameters.map { [Double](repeating: 0, count: $0.count) }
        var inputGradients = [Tensor](repeating: Tensor(0), count: steps)
        for t in stride(from: steps - 1, through: 0, by: -1) {
            if let external = hiddenGradients[t] {
                guard external.count == stateSize else {
                    throw TensorError(.shapeMismatch, "backprop_cell", "hidden gradient \(t) has shape \(describeShape(external.shape)), expected (\(trace.batch), \(hiddenSize))")
                }
                CellMath.add(external.scalars, to: &carried[0])
            }
            let back = try nativeStepBackward(trace.records[t], input: trace.inputs[t].scalars,
                                              state: trace.states[t].map(\.scalars), batch: trace.batch,
                                              stateGradients: carried, parameterGradients: &parameterGradients)
            inputGradients[t] = try Tensor(shape: trace.inputs[t].shape, scalars: back.input)
            carried = back.state
        }
        return CellGradients(
            parameters: try zip(parameters, parameterGradients).map { try Tensor(shape: $0.shape, scalars: $1) },
            inputs: inputGradients,
            initialState: try carried.map { try Tensor(shape: [trace.batch, hiddenSize], scalars: $0) })
    }

    /// Records the cell over a sequence of variables; returns the state after each step
    /// (`result[t]` follows input t, in the order of the state names).
    public func runGraph(inputs: [Variable], initialState: [Variable], parameters: [Variable]) throws -> [[Variable]] {
        var state = initialState
        var result: [[Variable]] = []
        for x in inputs {
            state = try graphStep(input: x, state: state, parameters: parameters)
            result.append(state)
        }
        return result
    }
}
