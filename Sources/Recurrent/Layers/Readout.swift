import Autodiff
import TensorCore

/// The output layer of a recurrent network: scores from the hidden state,
///
///     y_t = W_hy·h_t + b_y        (for a batch: Y = H·W_hyᵀ + b_y)
///
/// Backward: ∂L/∂W_hy = ∂L/∂yᵀ·H, ∂L/∂b_y = Σ_rows ∂L/∂y, ∂L/∂h = ∂L/∂y·W_hy.
public struct Readout: Sendable, Equatable {
    /// W_hy, shape (V, H).
    public let why: Tensor
    /// b_y, shape (V).
    public let by: Tensor

    public var hiddenSize: Int { why.shape[1] }
    public var outputSize: Int { why.shape[0] }
    public var parameters: [Tensor] { [why, by] }
    public var parameterNames: [String] { ["why", "by"] }

    /// Seeded initialisation: W_hy from N(0, scale²) (default 1/√H), zero bias.
    public init(hiddenSize: Int, outputSize: Int, weightScale: Double? = nil, using generator: inout RandomGenerator) throws {
        try CellInit.checkSizes("readout", input: hiddenSize, hidden: outputSize)
        why = try CellInit.weight(outputSize, hiddenSize, scale: weightScale, using: &generator)
        by = try CellInit.bias(outputSize)
    }

    /// A readout with given W_hy (V, H) and b_y (V).
    public init(why: Tensor, by: Tensor) throws {
        guard why.rank == 2, why.shape[0] > 0, why.shape[1] > 0, by.shape == [why.shape[0]] else {
            throw TensorError(.shapeMismatch, "readout", "expects W_hy (V, H) and b_y (V), got \(describeShape(why.shape)) and \(describeShape(by.shape))")
        }
        self.why = why
        self.by = by
    }

    public func withParameters(_ p: [Tensor]) throws -> Readout {
        guard p.count == 2 else { throw TensorError(.invalidArgument, "readout", "expected 2 parameters (why, by), got \(p.count)") }
        return try Readout(why: p[0], by: p[1])
    }

    /// Scores recorded on the graph for h of shape (batch, H).
    public func graphScores(_ h: Variable, parameters p: [Variable]) throws -> Variable {
        guard p.count == 2 else { throw TensorError(.invalidArgument, "readout", "expected 2 parameter variables, got \(p.count)") }
        return try h.matmul(p[0].transposed()) + p[1]
    }

    /// Native scores for h of shape (batch, H).
    public func scores(_ h: Tensor) throws -> Tensor {
        guard h.rank == 2, h.shape[1] == hiddenSize else {
            throw TensorError(.shapeMismatch, "readout", "expects h of shape (batch, \(hiddenSize)), got \(describeShape(h.shape))")
        }
        let y = try CellMath.affine(h.scalars, why.scalars, by.scalars, rows: h.shape[0], inputs: hiddenSize, outputs: outputSize)
        return try Tensor(shape: [h.shape[0], outputSize], scalars: y)
    }
}
