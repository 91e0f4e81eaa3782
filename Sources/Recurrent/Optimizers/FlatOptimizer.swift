import TensorCore
import Foundation

/// An optimiser over one flat parameter buffer, with its per-parameter state.
///
/// ```swift
/// var opt = try FlatOptimizer(.minCharRNN, learningRate: 0.1, count: 3)
/// var theta = [1.0, 2.0, 3.0]
/// try opt.update(&theta, gradients: [0.5, -1, 0])
/// ```
public struct FlatOptimizer: Equatable, Sendable {
    public let kind: OptimizerKind
    public var learningRate: Double
    /// First state buffer: Adagrad's Σg², momentum's velocity, Adam's m.
    public internal(set) var first: [Double]
    /// Second state buffer: Adam's v (empty otherwise).
    public internal(set) var second: [Double]
    /// Number of updates applied so far (Adam's t).
    public internal(set) var steps: Int

    /// An optimiser for `count` parameters with zero state.
    public init(_ kind: OptimizerKind, learningRate: Double, count: Int) throws {
        guard learningRate.isFinite, learningRate > 0 else {
            throw TensorError(.invalidArgument, "optimizer", "the learning rate must be a positive finite number, got \(learningRate)")
        }
        guard count >= 0, count <= TensorLimits.maxElements else {
            throw TensorError(.invalidArgument, "optimizer", "parameter count \(count) is outside 0...\(TensorLimits.maxElements)")
        }
        switch kind {
        case .sgd: break
        case .momentum(let mu):
            guard mu >= 0, mu < 1 else { throw TensorError(.invalidArgument, "optimizer", "momentum \(mu) must be in [0, 1)") }
        case .adagrad(let eps):
            guard eps > 0, eps.isFinite else { throw TensorError(.invalidArgument, "optimizer", "adagrad epsilon \(eps) must be positive") }
        case .adam(let b1, let b2, let eps):
            guard b1 >= 0, b1 < 1, b2 >= 0, b2 < 1, eps > 0, eps.isFinite else {
                throw TensorError(.invalidArgument, "optimizer", "adam needs 0 ≤ β₁, β₂ < 1 and ε > 0; got β₁ \(b1), β₂ \(b2), ε \(eps)")
            }
        }
        self.kind = kind
        self.learningRate = learningRate
        first = kind.stateBuffers >= 1 ? [Double](repeating: 0, count: count) : []
        second = kind.stateBuffers >= 2 ? [Double](repeating: 0, count: count) : []
        steps = 0
    }

    /// Restores an optimiser from saved state (used by checkpoints).
    init(kind: OptimizerKind, learningRate: Double, first: [Double], second: [Double], steps: Int) {
        self.kind = kind
        self.learningRate = learningRate
        self.first = first
        self.second = second
        self.steps = steps
    }

    /// Applies one update; `parameters` and `gradients` must have the size the
    /// optimiser was made for.
    public mutating func update(_ parameters: inout [Double], gradients: [Double]) throws {
        let expected = kind.stateBuffers >= 1 ? first.count : parameters.count
        guard parameters.count == expected, gradients.count == expected else {
            throw TensorError(.shapeMismatch, "optimizer", "expected \(expected) parameters and gradients, got \(parameters.count) and \(gradients.count)")
        }
        parameters.withUnsafeMutableBufferPointer { p in
            gradients.withUnsafeBufferPointer { g in apply(parameters: p, gradients: g) }
        }
    }

    /// The unchecked update on buffers of equal, validated length.
    mutating func apply(parameters: UnsafeMutableBufferPointer<Double>, gradients: UnsafeBufferPointer<Double>) {
        guard let p = parameters.baseAddress, let g = gradients.baseAddress else { return }
        let n = parameters.count
        steps = steps < Int.max ? steps + 1 : steps
        let lr = learningRate
        switch kind {
        case .sgd:
            for i in 0..<n { p[i] -= lr * g[i] }
        case .momentum(let mu):
            first.withUnsafeMutableBufferPointer { vb in
                guard let v = vb.baseAddress else { return }
                for i in 0..<n { v[i] = mu * v[i] - lr * g[i]; p[i] += v[i] }
            }
        case .adagrad(let eps):
            first.withUnsafeMutableBufferPointer { mb in
                guard let m = mb.baseAddress else { return }
                NativeInstructionSet.activeKernels.adagradUpdate(p, g, m, n, lr, eps)
            }
        case .adam(let b1, let b2, let eps):
            let c1 = 1 - Foundation.pow(b1, Double(steps)), c2 = 1 - Foundation.pow(b2, Double(steps))
            first.withUnsafeMutableBufferPointer { mb in
                second.withUnsafeMutableBufferPointer { vb in
                    guard let m = mb.baseAddress, let v = vb.baseAddress else { return }
                    for i in 0..<n {
                        let gi = g[i]
                        m[i] = b1 * m[i] + (1 - b1) * gi
                        v[i] = b2 * v[i] + (1 - b2) * gi * gi
                        p[i] -= lr * (m[i] / c1) / ((v[i] / c2).squareRoot() + eps)
                    }
                }
            }
        }
    }
}
