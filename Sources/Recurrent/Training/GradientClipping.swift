import TensorCore
/// How gradients are limited before the optimiser step.
public enum GradientClipping: Equatable, Sendable {
    /// No clipping.
    case none
    /// Clip each component to `[−limit, limit]` (min-char-rnn uses 5):
    ///
    ///     g ← min(max(g, −limit), limit)
    case elementwise(Double)
    /// Rescale the whole gradient when its Euclidean norm exceeds `maxNorm`:
    ///
    ///     g ← g · maxNorm / ‖g‖₂   if ‖g‖₂ > maxNorm
    case globalNorm(Double)

    /// Checks the limit is a positive finite number.
    public func validated() throws -> GradientClipping {
        switch self {
        case .none: return self
        case .elementwise(let limit), .globalNorm(let limit):
            guard limit > 0, limit.isFinite else {
                throw TensorError(.invalidArgument, "clip", "the clipping limit must be a positive finite number, got \(limit)")
            }
            return self
        }
    }

    /// Clips `gradients` in place and reports whether every component was
    /// finite beforehand (a NaN or infinity makes the result false and is left
    /// for the caller to report). Returns the Euclidean norm before clipping.
    @discardableResult
    func apply(to gradients: UnsafeMutableBufferPointer<Double>) -> (finite: Bool, norm: Double) {
        guard let base = gradients.baseAddress else { return (true, 0) }
        let n = gradients.count
        switch self {
        case .none, .globalNorm:
            let norm = NativeInstructionSet.activeKernels.sumOfSquares(base, n).squareRoot()
            guard norm.isFinite else { return (false, norm) }
            if case .globalNorm(let maxNorm) = self, norm > maxNorm {
                let scale = maxNorm / norm
                for k in 0..<n { base[k] *= scale }
            }
            return (true, norm)
        case .elementwise(let limit):
            // `x * 0` is 0 for finite x and NaN for ±inf or NaN, so the probe flags any of them.
            let (flag, total) = NativeInstructionSet.activeKernels.clipElementwise(base, n, limit)
            return (!flag.isNaN, total.squareRoot())
        }
    }
}
