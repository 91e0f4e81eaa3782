import Autodiff
import TensorCore

/// A recurrent cell with a readout: the network every topology trains,
///
///     state_t = cell(x_t, state_{t−1})        y_t = W_hy·h_t + b_y
///
/// Parameters are the cell's followed by the readout's (`why`, `by`).
public struct SequenceModel<Cell: RecurrentCell>: Sendable {
    public let cell: Cell
    public let readout: Readout

    public init(cell: Cell, readout: Readout) throws {
        guard readout.hiddenSize == cell.hiddenSize else {
            throw TensorError(.shapeMismatch, "sequence_model",
                "the readout reads \(readout.hiddenSize) hidden units but the cell has \(cell.hiddenSize); build the readout with hiddenSize \(cell.hiddenSize)")
        }
        self.cell = cell
        self.readout = readout
    }

    /// A model with a freshly initialised readout of `outputSize` classes.
    public init(cell: Cell, outputSize: Int, using generator: inout RandomGenerator) throws {
        try self.init(cell: cell, readout: Readout(hiddenSize: cell.hiddenSize, outputSize: outputSize, using: &generator))
    }

    public var parameters: [Tensor] { cell.parameters + readout.parameters }
    public var parameterNames: [String] { cell.parameterNames + readout.parameterNames }
    public var parameterCount: Int { parameters.reduce(0) { $0 + $1.count } }

    public func withParameters(_ p: [Tensor]) throws -> SequenceModel<Cell> {
        let k = cell.parameters.count
        guard p.count == k + 2 else {
            throw TensorError(.invalidArgument, "sequence_model", "expected \(k + 2) parameters (\(parameterNames.joined(separator: ", "))), got \(p.count)")
        }
        return try SequenceModel(cell: cell.withParameters(Array(p[..<k])), readout: readout.withParameters(Array(p[k...])))
    }

    /// One recorded step: the new state and the scores read from its hidden state.
    func graphStep(_ x: Variable, _ state: [Variable], _ p: [Variable]) throws -> (state: [Variable], scores: Variable) {
        let k = cell.parameters.count
        let next = try cell.graphStep(input: x, state: state, parameters: Array(p[..<k]))
        return (next, try readout.graphScores(next[0], parameters: Array(p[k...])))
    }

    /// One native step (no graph): the new state and the scores.
    func nativeStep(_ x: Tensor, _ state: [Tensor]) throws -> (state: [Tensor], scores: Tensor) {
        let batch = try cell.checkedBatch(input: x.shape, state: state.map(\.shape), operation: "sequence_model")
        let record = try cell.nativeStep(input: x.scalars, state: state.map(\.scalars), batch: batch)
        let next = try record.state.map { try Tensor(shape: [batch, cell.hiddenSize], scalars: $0) }
        return (next, try readout.scores(next[0]))
    }
}
