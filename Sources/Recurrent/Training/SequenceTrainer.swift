import Foundation
import TensorCore

/// Minibatch training of a ``SequenceModel`` on a fixed set of sequences, on the native path:
/// for tasks such as "remember the first symbol" (a target at the last step only) or
/// a label at every step.
///
/// Iteration `k` takes the rows `[kB, (k+1)B)` of the data (wrapping around), runs
/// ``BPTT/fullNative(_:inputs:targets:initialState:)`` from a zero state, averages the loss
/// and the gradients over the rows, clips the gradient's global norm and applies the optimiser:
///
///     L = (1/B) Σ_rows Σ_t −log softmax(y_t)[target]
///     g ← g · c/‖g‖  if ‖g‖ > c;   θ ← optimiser(θ, g)
///
/// Deterministic: the same model, data and settings give the same numbers on every machine.
public struct SequenceTrainer<Cell: RecurrentCell>: Sendable {
    public private(set) var model: SequenceModel<Cell>
    /// Inputs, one tensor per step of shape (N, D).
    public let inputs: [Tensor]
    /// Targets: per step, a class for every row, or nil for a step without a loss.
    public let targets: [[Int]?]
    public let batchSize: Int
    public let clipping: GradientClipping
    public private(set) var iteration = 0
    private var optimizer: FlatOptimizer

    /// - Parameters:
    ///   - inputs: `T` tensors of shape `(N, D)`: step `t` of every sequence.
    ///   - targets: `T` entries, each nil (no loss at that step) or `N` class indices.
    ///   - batchSize: rows per iteration (at most `N`).
    public init(model: SequenceModel<Cell>, inputs: [Tensor], targets: [[Int]?], batchSize: Int,
                optimizer: OptimizerKind, learningRate: Double, clipping: GradientClipping) throws {
        guard let first = inputs.first, first.rank == 2 else {
            throw TensorError(.invalidArgument, "fit", "expects at least one step of inputs, each of shape (N, D)")
        }
        let n = first.shape[0]
        guard inputs.allSatisfy({ $0.shape == first.shape }), first.shape[1] == model.cell.inputSize else {
            throw TensorError(.shapeMismatch, "fit", "every step's input must have shape (N, \(model.cell.inputSize))")
        }
        guard targets.count == inputs.count, targets.allSatisfy({ $0 == nil || $0!.count == n }) else {
            throw TensorError(.shapeMismatch, "fit", "expects one target entry per step, each with \(n) classes")
        }
        guard (1...n).contains(batchSize) else {
            throw TensorError(.invalidArgument, "fit", "the batch size must be between 1 and the number of sequences (\(n)), got \(batchSize)")
        }
        self.model = model
        self.inputs = inputs
        self.targets = targets
        self.batchSize = batchSize
        self.clipping = try clipping.validated()
        self.optimizer = try FlatOptimizer(optimizer, learningRate: learningRate, count: model.parameterCount)
    }

    /// The number of sequences.
    public var count: Int { inputs[0].shape[0] }

    /// One minibatch step. Returns the batch's mean loss per sequence and the gradient norm before clipping.
    /// Throws (leaving the model as it was) when the loss or a gradient is not finite.
    @discardableResult
    public mutating func step() throws -> (loss: Double, gradientNorm: Double) {
        let rows = (0..<batchSize).map { (iteration * batchSize + $0) % count }
        let batchInputs = try inputs.map { try $0.gatherRows(rows) }
        let batchTargets = targets.map { t in t.map { all in rows.map { all[$0] } } }
        let result = try BPTT.fullNative(model, inputs: batchInputs, targets: batchTargets)
        let scale = 1 / Double(batchSize)
        var gradients = result.gradients.flatMap(\.scalars).map { $0 * scale }
        let (finite, norm) = gradients.withUnsafeMutableBufferPointer { clipping.apply(to: $0) }
        let loss = result.loss * scale
        guard finite, loss.isFinite else {
            throw TensorError(.invalidArgument, "fit", "training diverged at iteration \(iteration) (the loss or a gradient is not finite); lower lr or clip harder")
        }
        let current = model.parameters
        var flat = current.flatMap(\.scalars)
        try optimizer.update(&flat, gradients: gradients)
        var offset = 0
        model = try model.withParameters(try current.map { p in
            defer { offset += p.count }
            return try Tensor(shape: p.shape, scalars: Array(flat[offset..<(offset + p.count)]))
        })
        iteration += 1
        return (loss, norm)
    }
}

extension Tensor {
    /// The rows of a matrix at `indices`, in that order.
    func gatherRows(_ indices: [Int]) throws -> Tensor {
        guard rank == 2 else { throw TensorError(.shapeMismatch, "rows", "expects a matrix, got \(describeShape(shape))") }
        let width = shape[1]
        var out: [Double] = []
        out.reserveCapacity(indices.count * width)
        for r in indices {
            guard (0..<shape[0]).contains(r) else { throw TensorError(.indexOutOfRange, "rows", "row \(r) of \(shape[0])") }
            out.append(contentsOf: scalars[(r * width)..<((r + 1) * width)])
        }
        return try Tensor(shape: [indices.count, width], scalars: out)
    }
}
