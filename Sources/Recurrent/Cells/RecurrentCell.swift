import Autodiff
import TensorCore

/// One step of a recurrent network, available twice: as a recorded graph of
/// `Variable`s (autodiff supplies the backward pass) and as a native path on
/// raw buffers with a hand-written backward pass. Both compute the same numbers.
///
/// Shapes: a batch of `n` rows. The input of a step is `(n, inputSize)`; each
/// state tensor is `(n, hiddenSize)`. The first state is always the hidden
/// state `h`, the one the rest of the network reads; an LSTM carries a second
/// state, the cell `c`. Weights are stored as in the math (`W` maps a column
/// vector), so a batch computes `X·Wᵀ`.
public protocol RecurrentCell: Sendable {
    /// Features per input row (D).
    var inputSize: Int { get }
    /// Units per state row (H).
    var hiddenSize: Int { get }
    /// `["h"]`, or `["h", "c"]` for an LSTM.
    var stateNames: [String] { get }
    /// The names of the gate activations a step records (empty for the vanilla cell).
    var gateNames: [String] { get }
    /// The names of ``parameters``, in order.
    var parameterNames: [String] { get }
    /// The learnable tensors, in the order of ``parameterNames``.
    var parameters: [Tensor] { get }
    /// The same cell with new parameter values (same shapes, same order).
    func withParameters(_ parameters: [Tensor]) throws -> Self

    /// One recorded step: the new state from an input, the previous state and
    /// the parameters as variables (in the order of ``parameters``).
    func graphStep(input: Variable, state: [Variable], parameters: [Variable]) throws -> [Variable]

    /// One native step on row-major buffers for a batch of `batch` rows.
    func nativeStep(input: [Double], state: [[Double]], batch: Int) throws -> NativeStepRecord

    /// The backward pass of ``nativeStep(input:state:batch:)``: given ∂L/∂(new state),
    /// adds the parameter gradients into `parameterGradients` and returns ∂L/∂input and ∂L/∂(old state).
    func nativeStepBackward(_ record: NativeStepRecord, input: [Double], state: [[Double]], batch: Int,
                            stateGradients: [[Double]], parameterGradients: inout [[Double]]) throws
        -> (input: [Double], state: [[Double]])
}

/// What a native step keeps: the new state, the gate activations (for
/// recording, in the order of ``RecurrentCell/gateNames``) and whatever the
/// backward pass needs.
public struct NativeStepRecord: Sendable {
    /// The new state buffers, in the order of ``RecurrentCell/stateNames``.
    public let state: [[Double]]
    /// Gate activations, in the order of ``RecurrentCell/gateNames``.
    public let gates: [[Double]]
    /// Intermediate values kept for the backward pass.
    let cache: [[Double]]
    /// The records of the layers of a stacked cell, bottom first (empty otherwise).
    let inner: [NativeStepRecord]

    init(state: [[Double]], gates: [[Double]] = [], cache: [[Double]] = [], inner: [NativeStepRecord] = []) {
        self.state = state
        self.gates = gates
        self.cache = cache
        self.inner = inner
    }
}

extension RecurrentCell {
    /// The total number of learnable scalars.
    public var parameterCount: Int { parameters.reduce(0) { $0 + $1.count } }

    /// Zero states for a batch of `batch` rows.
    public func zeroState(batch: Int = 1) throws -> [Tensor] {
        try stateNames.map { _ in try Tensor.zeros([batch, hiddenSize]) }
    }

    /// Throws unless `parameters` match the cell's shapes.
    func checkParameters(_ candidate: [Tensor], operation: String) throws {
        let current = parameters
        guard candidate.count == current.count else {
            throw TensorError(.invalidArgument, operation,
                "expected \(current.count) parameters (\(parameterNames.joined(separator: ", "))), got \(candidate.count)")
        }
        for (k, (new, old)) in zip(candidate, current).enumerated() where new.shape != old.shape {
            throw TensorError(.shapeMismatch, operation,
                "parameter \(parameterNames[k]) must have shape \(describeShape(old.shape)), got \(describeShape(new.shape))")
        }
    }

    /// Returns the batch size of a step input after checking its shape.
    func checkedBatch(input: [Int], state: [[Int]], operation: String) throws -> Int {
        guard input.count == 2, input[1] == inputSize else {
            throw TensorError(.shapeMismatch, operation,
                "inputs must have shape (batch, \(inputSize)), got \(describeShape(input)); reshape a single vector to (1, \(inputSize))")
        }
        guard state.count == stateNames.count else {
            throw TensorError(.invalidArgument, operation,
                "expected \(stateNames.count) state tensor(s) (\(stateNames.joined(separator: ", "))), got \(state.count)")
        }
        for s in state where s != [input[0], hiddenSize] {
            throw TensorError(.shapeMismatch, operation,
                "each state must have shape (\(input[0]), \(hiddenSize)) to match the input batch, got \(describeShape(s))")
        }
        return input[0]
    }
}

/// Seeded initialisation shared by the cells.
enum CellInit {
    /// A `rows × columns` weight drawn from N(0, scale²), scale defaulting to 1/√columns.
    static func weight(_ rows: Int, _ columns: Int, scale: Double?, using generator: inout RandomGenerator) throws -> Tensor {
        let s = scale ?? 1 / Double(Swift.max(1, columns)).squareRoot()
        let draw = try Tensor.randn([rows, columns], using: &generator)
        return try Tensor(shape: draw.shape, scalars: draw.scalars.map { $0 * s })
    }

    /// A bias vector filled with `value`.
    static func bias(_ count: Int, _ value: Double = 0) throws -> Tensor {
        try Tensor.full([count], value)
    }

    /// Throws unless both sizes are positive.
    static func checkSizes(_ operation: String, input: Int, hidden: Int) throws {
        guard input > 0, hidden > 0 else {
            throw TensorError(.invalidArgument, operation,
                "input and hidden sizes must be positive, got \(input) and \(hidden)")
        }
    }
}
