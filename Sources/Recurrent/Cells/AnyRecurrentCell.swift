import Autodiff
import TensorCore

/// A cell of any type behind one concrete type, so code that picks the cell at
/// run time (the language's `cell("lstm", …)`) can still build a
/// `SequenceModel<AnyRecurrentCell>` and use every generic algorithm.
public struct AnyRecurrentCell: RecurrentCell {
    /// The wrapped cell.
    public let base: any RecurrentCell

    public init(_ base: any RecurrentCell) {
        if let already = base as? AnyRecurrentCell { self.base = already.base } else { self.base = base }
    }

    /// Builds a cell by name: `"rnn"` (or `"elman"`, `"vanilla"`), `"lstm"`, `"gru"`, `"mut1"`, `"mut2"`, `"mut3"`;
    /// `layers` > 1 stacks cells of that kind (every layer above the first reads H inputs).
    public init(named name: String, inputSize: Int, hiddenSize: Int, layers: Int = 1, forgetBias: Double = 1,
                using generator: inout RandomGenerator) throws {
        guard layers >= 1, layers <= 64 else {
            throw TensorError(.invalidArgument, "cell", "layers must be between 1 and 64, got \(layers)")
        }
        func make(_ d: Int, _ g: inout RandomGenerator) throws -> any RecurrentCell {
            switch name.lowercased() {
            case "rnn", "elman", "vanilla": return try ElmanCell(inputSize: d, hiddenSize: hiddenSize, using: &g)
            case "lstm": return try LSTMCell(inputSize: d, hiddenSize: hiddenSize, forgetBias: forgetBias, using: &g)
            default:
                guard let kind = GatedCellKind(rawValue: name.lowercased()) else {
                    throw TensorError(.invalidArgument, "cell", "unknown cell \"\(name)\"; use rnn, lstm, gru, mut1, mut2 or mut3")
                }
                return try GatedCell(kind, inputSize: d, hiddenSize: hiddenSize, using: &g)
            }
        }
        if layers == 1 {
            self.init(try make(inputSize, &generator))
        } else {
            var stack: [AnyRecurrentCell] = []
            for l in 0..<layers { stack.append(AnyRecurrentCell(try make(l == 0 ? inputSize : hiddenSize, &generator))) }
            self.init(try StackedCells(stack))
        }
    }

    public var inputSize: Int { base.inputSize }
    public var hiddenSize: Int { base.hiddenSize }
    public var stateNames: [String] { base.stateNames }
    public var gateNames: [String] { base.gateNames }
    public var parameterNames: [String] { base.parameterNames }
    public var parameters: [Tensor] { base.parameters }

    public func withParameters(_ parameters: [Tensor]) throws -> AnyRecurrentCell {
        AnyRecurrentCell(try base.withParameters(parameters))
    }

    public func graphStep(input: Variable, state: [Variable], parameters: [Variable]) throws -> [Variable] {
        try base.graphStep(input: input, state: state, parameters: parameters)
    }

    public func nativeStep(input: [Double], state: [[Double]], batch: Int) throws -> NativeStepRecord {
        try base.nativeStep(input: input, state: state, batch: batch)
    }

    public func nativeStepBackward(_ record: NativeStepRecord, input: [Double], state: [[Double]], batch: Int,
                                   stateGradients: [[Double]], parameterGradients: inout [[Double]]) throws
        -> (input: [Double], state: [[Double]]) {
        try base.nativeStepBackward(record, input: input, state: state, batch: batch,
                                    stateGradients: stateGradients, parameterGradients: &parameterGradients)
    }
}
