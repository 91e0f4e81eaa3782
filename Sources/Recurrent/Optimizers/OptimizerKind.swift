/// The update rule applied to a flat parameter buffer, element by element.
public enum OptimizerKind: Equatable, Sendable {
    /// Plain gradient descent: `θ ← θ − η·g`.
    case sgd
    /// Classical momentum: `v ← μ·v − η·g;  θ ← θ + v`.
    case momentum(Double)
    /// Adagrad as in min-char-rnn (ε inside the square root):
    ///
    ///     m ← m + g²;   θ ← θ + (−η·g) / √(m + ε)
    case adagrad(epsilon: Double)
    /// Adam with bias correction at step t (counted from 1):
    ///
    ///     m ← β₁m + (1−β₁)g;   v ← β₂v + (1−β₂)g²
    ///     θ ← θ − η · (m / (1−β₁ᵗ)) / (√(v / (1−β₂ᵗ)) + ε)
    case adam(beta1: Double, beta2: Double, epsilon: Double)

    /// min-char-rnn's optimiser: Adagrad with ε = 1e-8.
    public static let minCharRNN = OptimizerKind.adagrad(epsilon: 1e-8)
    /// Adam with the usual β₁ = 0.9, β₂ = 0.999, ε = 1e-8.
    public static let adamDefault = OptimizerKind.adam(beta1: 0.9, beta2: 0.999, epsilon: 1e-8)

    /// How many per-parameter state buffers the rule keeps (0, 1 or 2).
    var stateBuffers: Int {
        switch self {
        case .sgd: return 0
        case .momentum, .adagrad: return 1
        case .adam: return 2
        }
    }
}
