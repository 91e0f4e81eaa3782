/// What one training iteration reports.
public struct CharRNNStep: Equatable, Sendable {
    /// Iteration number n (0 for the first).
    public var iteration: Int
    /// Cross-entropy summed over the T characters of the window.
    public var loss: Double
    /// `smooth ← 0.999·smooth + 0.001·loss`, starting at `−ln(1/V)·T`.
    public var smoothLoss: Double
    /// Euclidean norm of the gradient before clipping.
    public var gradientNorm: Double
}
