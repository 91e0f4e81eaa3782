import Foundation

/// The tick marks of one axis: round values a reader can take in at a glance
/// (steps of 1, 2 or 5 × 10ⁿ on a linear axis; powers of ten on a log axis)
/// and the labels printed beside them. The axis range is widened to the
/// outermost ticks, so the data sits between labelled values.
///
/// Both renderers take their ticks from here, so a terminal chart and its SVG
/// show the same numbers.
struct AxisTicks: Sendable, Equatable {
    /// The axis range (log₁₀ units on a log axis), covering the data and every tick.
    var scale: AxisScale
    /// Tick positions in axis units, ascending.
    var positions: [Double]
    /// One label per tick.
    var labels: [String]

    /// Ticks for a linear axis over `data`, about `target` of them.
    static func linear(_ data: AxisScale, target: Int = 5) -> AxisTicks {
        let target = max(target, 2)
        let span = data.high / 2 - data.low / 2  // half the range: never overflows
        let raw = span / Double(target - 1) * 2
        guard let step = roundedStep(raw) else { return endsOnly(data, log: false) }
        let first = (data.low / step).rounded(.down), last = (data.high / step).rounded(.up)
        let low = first * step, high = last * step
        guard low.isFinite, high.isFinite, last - first >= 1, last - first <= Double(4 * target) else {
            return endsOnly(data, log: false)
        }
        // An integer loop: far from zero, `first + 1` may round back to `first`.
        let positions = (0...Int(last - first)).map { (first + Double($0)) * step }
        guard zip(positions, positions.dropFirst()).allSatisfy({ $0 < $1 }) else { return endsOnly(data, log: false) }
        return AxisTicks(scale: AxisScale(low: low, high: high), positions: positions,
                         labels: labels(for: positions, step: step))
    }

    /// Ticks for a log axis whose data spans `data` in log₁₀ units: powers of ten
    /// (every one, or every 2nd, 3rd, 5th… when there are many), or 1, 2 and 5 × 10ⁿ
    /// when the data covers less than two decades.
    static func logarithmic(_ data: AxisScale, target: Int = 5) -> AxisTicks {
        let target = max(target, 2)
        let lowDecade = (data.low + 1e-9).rounded(.down), highDecade = (data.high - 1e-9).rounded(.up)
        guard lowDecade.isFinite, highDecade.isFinite, highDecade - lowDecade < 4000 else { return endsOnly(data, log: true) }
        if data.high - data.low >= 1.5 {
            guard let step = niceStep((highDecade - lowDecade) / Double(target), steps: [1, 2, 3, 5, 10]).map({ max(1, $0) })
            else { return endsOnly(data, log: true) }
            // The axis runs from decade to decade; ticks sit on the multiples of the step inside.
            let first = (lowDecade / step).rounded(.up) * step
            let positions = (0...Int((highDecade - first) / step + 1e-9)).map { first + Double($0) * step }
            return AxisTicks(scale: AxisScale(low: lowDecade, high: highDecade), positions: positions, labels: positions.map(powerOfTen))
        }
        // Less than two decades: 1, 2, 5 × 10ⁿ, widened to the nearest of them outside the data.
        var candidates: [Double] = []
        for decade in stride(from: lowDecade - 1, through: highDecade, by: 1) {
            for mantissa in [1.0, 2, 5] { candidates.append(decade + log10(mantissa)) }
        }
        candidates.append(highDecade + 1)
        let below = candidates.last { $0 <= data.low + 1e-9 } ?? data.low
        let above = candidates.first { $0 >= data.high - 1e-9 } ?? data.high
        let positions = candidates.filter { $0 >= below && $0 <= above }
        let labels = positions.map { position -> String in
            let decade = position.rounded(.down)
            let mantissa = (pow(10, position - decade)).rounded()
            return mantissa == 1 ? powerOfTen(decade) : format(mantissa * pow(10, decade), decimals: max(0, Int(-decade)))
        }
        return AxisTicks(scale: AxisScale(low: below, high: above), positions: positions, labels: labels)
    }

    /// `raw` rounded to 1, 2 or 5 × 10ⁿ (Heckbert's "nice numbers"), or nil when there is none.
    private static func roundedStep(_ raw: Double) -> Double? {
        guard raw.isFinite, raw > 0 else { return nil }
        let magnitude = pow(10, log10(raw).rounded(.down))
        guard magnitude > 0, magnitude.isFinite else { return nil }
        let mantissa = raw / magnitude
        let step = (mantissa < 1.5 ? 1 : mantissa < 3 ? 2 : mantissa < 7 ? 5 : 10) * magnitude
        return step.isFinite && step > 0 ? step : nil
    }

    /// The smallest of `steps` × 10ⁿ at least `raw`, or nil when there is none (NaN, 0, overflow).
    private static func niceStep(_ raw: Double, steps: [Double]) -> Double? {
        guard raw.isFinite, raw > 0 else { return nil }
        let magnitude = pow(10, log10(raw).rounded(.down))
        guard magnitude > 0, magnitude.isFinite else { return nil }
        for s in steps where s * magnitude >= raw * (1 - 1e-9) {
            let step = s * magnitude
            return step.isFinite && step > 0 ? step : nil
        }
        return nil
    }

    /// The fallback when no round step fits (a range too wide or too narrow to
    /// divide): the data's two ends, labelled with enough digits to differ.
    private static func endsOnly(_ data: AxisScale, log: Bool) -> AxisTicks {
        let positions = [data.low, data.high]
        let labels = positions.map { log ? powerOfTen($0) : compactNumber($0, digits: 3) }
        return AxisTicks(scale: data, positions: positions, labels: labels)
    }

    /// Labels for ticks `step` apart: fixed point with as many decimals as the step
    /// needs, or scientific notation (`2e5`, `1.5e-7`) when the values are very large
    /// or very small.
    static func labels(for positions: [Double], step: Double) -> [String] {
        let largest = positions.map(abs).max() ?? 0
        let stepExponent = Int(log10(step).rounded(.down))
        if largest < 1e6, stepExponent >= -4 {
            return positions.map { format($0, decimals: max(0, -stepExponent)) }
        }
        let digits = max(0, Int(log10(largest).rounded(.down)) - stepExponent)
        return positions.map { $0 == 0 ? "0" : trimmedMantissa(scientific($0, decimals: digits)) }
    }

    /// `10^e` as a label: `0.01`, `1`, `1000` near 1, else `1e-9`, `1e5`.
    static func powerOfTen(_ exponent: Double) -> String {
        guard exponent.isFinite, exponent.magnitude < 1e6 else { return "10^\(exponent)" }
        let e = Int(exponent.rounded())
        let whole = exponent == exponent.rounded()
        if whole, (-3...4).contains(e) { return format(pow(10, Double(e)), decimals: max(0, -e)) }
        if whole { return "1e\(e)" }
        return compactNumber(pow(10, exponent), digits: 2)
    }
}

/// `v` with `decimals` digits after the point, never `-0`.
func format(_ v: Double, decimals: Int) -> String {
    let text = String(format: "%.\(min(decimals, 20))f", v)
    return text.hasPrefix("-") && text.dropFirst().allSatisfy({ $0 == "0" || $0 == "." }) ? String(text.dropFirst()) : text
}

/// `v` in scientific notation with a short exponent: `1.5e-7`, `2e5`.
func scientific(_ v: Double, decimals: Int) -> String {
    let text = String(format: "%.\(min(decimals, 16))e", v)
    guard let e = text.firstIndex(of: "e"), let exponent = Int(text[text.index(after: e)...]) else { return text }
    return String(text[..<e]) + "e\(exponent)"
}

/// A number in at most `digits` significant digits and few characters, as pictures
/// print them: `0.982`, `1.04`, `-12.5`, `1230`, `9.3e-10`, `1.9e5`, `0`, `NaN`, `∞`.
func compactNumber(_ v: Double, digits: Int = 3) -> String {
    if v.isNaN { return "NaN" }
    if v.isInfinite { return v < 0 ? "-∞" : "∞" }
    if v == 0 { return "0" }
    let digits = max(1, digits)
    let exponent = Int(log10(abs(v)).rounded(.down))
    if (-3...4).contains(exponent) {
        let decimals = max(0, digits - 1 - exponent)
        var text = format(v, decimals: decimals)
        // Rounding can carry into a new digit (9.996 → 10.00): recount.
        if text.contains(".") { while text.hasSuffix("0") { text.removeLast() }; if text.hasSuffix(".") { text.removeLast() } }
        return text
    }
    return trimmedMantissa(scientific(v, decimals: digits - 1))
}

/// `1.50e-7` → `1.5e-7`, `1.0e5` → `1e5`.
func trimmedMantissa(_ text: String) -> String {
    guard let e = text.firstIndex(of: "e"), text[..<e].contains(".") else { return text }
    var mantissa = String(text[..<e])
    while mantissa.hasSuffix("0") { mantissa.removeLast() }
    if mantissa.hasSuffix(".") { mantissa.removeLast() }
    return mantissa + text[e...]
}
