/// Hyper-parameters of a training run (min-char-rnn's defaults).
public struct CharRNNTrainingConfig: Equatable, Sendable {
    /// Truncated-BPTT length T (characters per iteration).
    public var seqLength: Int = 25
    /// Learning rate η.
    public var learningRate: Double = 0.1
    public var clipping: GradientClipping = .elementwise(5)
    public var optimizer: OptimizerKind = .minCharRNN

    public init(seqLength: Int = 25, learningRate: Double = 0.1, clipping: GradientClipping = .elementwise(5),
                optimizer: OptimizerKind = .minCharRNN) {
        self.seqLength = seqLength
        self.learningRate = learningRate
        self.clipping = clipping
        self.optimizer = optimizer
    }
}
