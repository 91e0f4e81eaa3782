import TensorLang

/// A linear map from a data interval onto the unit interval, total over every
/// `Double`: finite values anywhere in ±1.8e308, NaN and ±∞ all map somewhere
/// defined, and the cell index it gives never traps.
///
/// The naive `(v − low) / (high − low)` overflows when the interval spans more
/// than the largest double (`[-1e308, 1e308]`) and turns into ∞/∞ = NaN; halving
/// both terms first keeps every intermediate finite.
struct AxisScale: Sendable, Equatable {
    /// The interval's ends, finite, with `low < high`.
    let low: Double
    let high: Double

    /// The interval spanned by `values`' finite elements, widened when it has no
    /// size; nil when none is finite.
    init?<S: Sequence>(spanning values: S) where S.Element == Double {
        var low = Double.infinity, high = -Double.infinity
        for v in values where v.isFinite {
            low = Swift.min(low, v)
            high = Swift.max(high, v)
        }
        guard low.isFinite, high.isFinite else { return nil }
        self.init(low: low, high: high)
    }

    /// The interval from `low` to `high` (either order); a point is widened to an
    /// interval around it, and non-finite ends are replaced by finite ones.
    init(low: Double, high: Double) {
        var lo = low.isFinite ? Swift.min(low, high) : -Double.greatestFiniteMagnitude
        var hi = high.isFinite ? Swift.max(low, high) : Double.greatestFiniteMagnitude
        if !lo.isFinite || lo > hi { lo = hi }
        if hi == lo {
            let pad = Swift.max(0.5, abs(lo) * 0.05)
            let below = lo - pad, above = hi + pad
            // Near ±1.8e308 one side would overflow: widen only the other.
            lo = below.isFinite ? below : lo
            hi = above.isFinite ? above : hi
        }
        self.low = lo
        self.high = hi
    }

    /// Where `v` falls: 0 at `low`, 1 at `high`, outside [0, 1] beyond them;
    /// ±∞ give ±∞ and NaN gives NaN.
    func fraction(_ v: Double) -> Double {
        let span = high - low
        // Halving avoids overflow for huge spans; tiny ones (subnormals) must not be halved.
        return span.isFinite ? (v - low) / span : (v / 2 - low / 2) / (high / 2 - low / 2)
    }

    /// The value at a fraction of the interval (the inverse of ``fraction(_:)``).
    func value(at fraction: Double) -> Double {
        let span = high - low
        if span.isFinite { return low + fraction * span }
        let v = low / 2 + fraction * (high / 2 - low / 2)
        return v.magnitude <= Double.greatestFiniteMagnitude / 2 ? v * 2 : (v < 0 ? -Double.greatestFiniteMagnitude : .greatestFiniteMagnitude)
    }

    /// The index of the cell among `count` equal cells that `v` falls in,
    /// clamped to `0..<count` (NaN falls in cell 0).
    func cell(_ v: Double, count: Int) -> Int {
        AxisScale.clampedIndex(fraction(v) * Double(count), count: count)
    }

    /// The nearest of `count` evenly spaced points from `low` (0) to `high` (count − 1).
    func point(_ v: Double, count: Int) -> Int {
        AxisScale.clampedIndex((fraction(v) * Double(count - 1)).rounded(), count: count)
    }

    /// `Int(x)` clamped to `0..<count`, defined for NaN and ±∞ (which `Int(_:)` traps on).
    static func clampedIndex(_ x: Double, count: Int) -> Int {
        guard count > 0, x >= 0 else { return 0 }  // also NaN
        guard x < Double(count) else { return count - 1 }
        return Swift.min(Int(x), count - 1)
    }
}

extension Plot {
    /// The scales of a line chart's axes, spanning every drawable point, or nil
    /// when nothing is drawable.
    func axisScales() -> (x: AxisScale, y: AxisScale)? {
        let points = series.flatMap(drawablePoints)
        guard let x = AxisScale(spanning: points.map(\.x)), let y = AxisScale(spanning: points.map(\.y)) else { return nil }
        return (x, y)
    }
}
