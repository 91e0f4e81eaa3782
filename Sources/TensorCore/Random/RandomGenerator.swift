import Foundation

/// A portable, seeded pseudo-random generator: the same seed gives the same
/// numbers, bit for bit, on every machine and every run.
///
/// Algorithm: xoshiro256** (Blackman & Vigna, 2018) over 256 bits of state,
/// seeded by expanding the 64-bit seed with splitmix64. Uniform doubles take
/// the top 53 bits: `(next() >> 11) · 2⁻⁵³`, in [0, 1). Normal deviates use the
/// Marsaglia polar method (two uniforms in the unit disc, `u·√(−2 ln s / s)`),
/// which needs only IEEE `sqrt` and `log`; the second deviate of each pair is
/// kept for the next call.
public struct RandomGenerator: RandomNumberGenerator, Sendable {
    private var state: (UInt64, UInt64, UInt64, UInt64)
    private var spareNormal: Double?

    /// A generator whose whole stream is determined by `seed`.
    public init(seed: UInt64) {
        var s = seed
        func splitmix() -> UInt64 {
            s &+= 0x9E37_79B9_7F4A_7C15
            var z = s
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        state = (splitmix(), splitmix(), splitmix(), splitmix())
    }

    /// The next 64 random bits (xoshiro256**).
    public mutating func next() -> UInt64 {
        let result = rotate(state.1 &* 5, 7) &* 9
        let t = state.1 << 17
        state.2 ^= state.0
        state.3 ^= state.1
        state.1 ^= state.2
        state.0 ^= state.3
        state.2 ^= t
        state.3 = rotate(state.3, 45)
        return result
    }

    private func rotate(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    /// A uniform double in [0, 1).
    public mutating func nextUniform() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// A standard normal deviate (mean 0, variance 1).
    public mutating func nextNormal() -> Double {
        if let spare = spareNormal {
            spareNormal = nil
            return spare
        }
        while true {
            let u = 2 * nextUniform() - 1
            let v = 2 * nextUniform() - 1
            let s = u * u + v * v
            if s > 0 && s < 1 {
                let factor = Foundation.sqrt(-2 * Foundation.log(s) / s)
                spareNormal = v * factor
                return u * factor
            }
        }
    }

    /// A uniform integer in `0..<bound` without modulo bias (Lemire's method).
    public mutating func nextInt(below bound: Int) -> Int {
        precondition(bound > 0)
        let range = UInt64(bound)
        var product = next().multipliedFullWidth(by: range)
        if product.low < range {
            let threshold = (0 &- range) % range
            while product.low < threshold { product = next().multipliedFullWidth(by: range) }
        }
        return Int(product.high)
    }
}

extension Tensor {
    /// Standard normal samples of `shape`.
    public static func randn(_ shape: [Int], using generator: inout RandomGenerator) throws -> Tensor {
        let n = try Shape.checkedCount(shape, operation: "randn")
        return Tensor(unchecked: shape, (0..<n).map { _ in generator.nextNormal() })
    }

    /// Uniform samples in [low, high).
    public static func rand(_ shape: [Int], low: Double = 0, high: Double = 1, using generator: inout RandomGenerator) throws -> Tensor {
        let n = try Shape.checkedCount(shape, operation: "rand")
        guard low <= high else { throw TensorError.value("rand", "low \(low) is above high \(high)") }
        return Tensor(unchecked: shape, (0..<n).map { _ in low + (high - low) * generator.nextUniform() })
    }

    /// Uniform integers in `low..<high`, stored as doubles.
    public static func randint(_ low: Int, _ high: Int, shape: [Int], using generator: inout RandomGenerator) throws -> Tensor {
        let n = try Shape.checkedCount(shape, operation: "randint")
        guard low < high else { throw TensorError.value("randint", "the range \(low)..<\(high) is empty; high must be above low") }
        let (width, overflow) = high.subtractingReportingOverflow(low)
        guard !overflow else { throw TensorError.value("randint", "the range \(low)..<\(high) is too wide") }
        return Tensor(unchecked: shape, (0..<n).map { _ in Double(low + generator.nextInt(below: width)) })
    }

    /// Draws an index k with probability `p[k]` (p is normalised; it must be
    /// non-negative with a positive, finite sum).
    public static func choice(_ p: Tensor, using generator: inout RandomGenerator) throws -> Int {
        guard p.rank == 1, p.count > 0 else {
            throw TensorError.shape("choice", "expects a non-empty vector of probabilities, got shape \(describeShape(p.shape))")
        }
        guard p.scalars.allSatisfy({ $0 >= 0 && $0.isFinite }) else {
            throw TensorError.value("choice", "probabilities must be finite and non-negative")
        }
        let total = p.scalars.reduce(0, +)
        guard total > 0 else { throw TensorError.value("choice", "probabilities sum to 0") }
        let u = generator.nextUniform() * total
        var cumulative = 0.0
        for (k, pk) in p.scalars.enumerated() {
            cumulative += pk
            if u < cumulative { return k }
        }
        return p.scalars.lastIndex { $0 > 0 } ?? p.count - 1
    }
}
