import Foundation

/// The numbers an unrolled-network picture shows, laid out independently of
/// the medium: per state its name, value and gradient; per arrow the factor
/// ‖∂h_t/∂h_{t−1}‖; per state the running product of the factors back from
/// h_T and the bound σᵏ; and which states fit in which band (row) of the
/// picture, with the middle elided when there are too many. The terminal and
/// SVG renderers and the text alternative all read this one model.
struct UnrolledLayout: Sendable {
    /// What is drawn for one state h_t.
    struct Column: Sendable, Equatable {
        var t: Int
        /// `h₀`, `h₁₂`.
        var name: String
        /// The state's elements one per line (≤ 3 of them), its norm, or `?` before the forward reveal.
        var value: [String]
        /// ‖∂L/∂h_t‖ when revealed.
        var gradient: String?
        /// The factor on the arrow into this state (t ≥ 1), when known and revealed.
        var factor: String?
        /// The product of the factors from h_T back to h_t, and the bound σ^(T−t), when shown.
        var product: String?
        var bound: String?
    }

    /// A run of consecutive states drawn on one row, or the marker for elided ones.
    enum Band: Sendable, Equatable {
        case states(Range<Int>)
        /// States `range` are not drawn; `product` is their factors' product (when known).
        case elided(Range<Int>, product: String?)
    }

    var title: String
    var columns: [Column]
    /// Whether the values are the states' elements (`h_t`) or their norms (`‖h_t‖`).
    var valuesAreNorms: Bool
    var hasGradients: Bool
    var hasFactors: Bool
    var hasBound: Bool
    /// The raw numbers, for the text alternative.
    var factors: [Double?]
    var products: [Double?]
    var sigma: Double?

    /// - Parameters:
    ///   - states: h_0 … h_T (nil: not yet revealed forward).
    ///   - gradients: ∂L/∂h_t per state (nil: not given or not yet revealed).
    ///   - factors: one per state; `factors[t]` belongs to the arrow h_{t−1} → h_t (`factors[0]` is unused).
    ///   - productShown: whether state t shows its running product (the backward reveal).
    ///   - sigma: σ_max(W_hh), for the bound σ^(T−t).
    init(title: String, states: [[Double]?], gradients: [[Double]?], factors: [Double?], productShown: [Bool], sigma: Double?) {
        self.title = title
        let count = states.count
        let last = count - 1
        valuesAreNorms = states.contains { ($0?.count ?? 0) > 3 }
        hasGradients = gradients.contains { $0 != nil }
        hasFactors = factors.dropFirst().contains { $0 != nil }
        hasBound = sigma != nil && sigma!.isFinite && hasFactors
        self.factors = factors
        self.sigma = sigma
        // Running products from h_T back: P_T = 1, P_t = P_{t+1} · f_{t+1}.
        var products = [Double?](repeating: nil, count: count)
        if hasFactors, count > 0 {
            products[last] = 1
            for t in stride(from: last - 1, through: 0, by: -1) {
                if let next = products[t + 1], t + 1 < factors.count, let f = factors[t + 1] { products[t] = next * f }
            }
        }
        self.products = products
        let valuesAreNorms = self.valuesAreNorms, hasBound = self.hasBound
        columns = (0..<count).map { t in
            var column = Column(t: t, name: "h" + subscriptDigits(t), value: ["?"])
            if let state = states[t] {
                column.value = valuesAreNorms ? [compactNumber(euclideanNorm(state))] : (state.isEmpty ? ["[]"] : state.map { compactNumber($0) })
            }
            if t < gradients.count, let g = gradients[t] { column.gradient = compactNumber(euclideanNorm(g)) }
            if t > 0, t < factors.count, let f = factors[t], states[t] != nil { column.factor = compactNumber(f) }
            if t < productShown.count, productShown[t], let p = products[t] {
                column.product = compactNumber(p)
                if hasBound, let sigma { column.bound = compactNumber(pow(sigma, Double(last - t))) }
            }
            return column
        }
    }

    /// The bands for `perBand` states per row: every state when at most
    /// `maxBands` rows are needed, else the first and last rows with the middle elided.
    func bands(perBand: Int, maxBands: Int) -> [Band] {
        let perBand = max(perBand, 1), count = columns.count
        let needed = (count + perBand - 1) / perBand
        if needed <= max(maxBands, 2) {
            return stride(from: 0, to: count, by: perBand).map { .states($0..<min($0 + perBand, count)) }
        }
        let head = 0..<perBand, tail = (count - perBand)..<count
        let hidden = head.upperBound..<tail.lowerBound
        // The arrows into the hidden states (the one out of them is drawn, on the last row).
        var product: Double? = hasFactors ? 1 : nil
        for t in hidden where t < factors.count {
            if let p = product, let f = factors[t] { product = p * f } else { product = nil }
        }
        return [.states(head), .elided(hidden, product: product.map { compactNumber($0) }), .states(tail)]
    }

    /// `… 40 steps (h₅ … h₄₄) …`, the marker for elided states.
    static func elisionText(_ range: Range<Int>, product: String?) -> String {
        let steps = range.count == 1 ? "1 step" : "\(range.count) steps"
        var text = "… \(steps) (h\(subscriptDigits(range.lowerBound)) … h\(subscriptDigits(range.upperBound - 1))) …"
        if let product { text += "  (their \(range.count) factors multiply to \(product))" }
        return text
    }

    /// One line saying what the rows and arrows mean, for the caption under the picture.
    var legend: String {
        var parts: [String] = []
        if hasFactors { parts.append("on each arrow ‖∂h_t/∂h_{t−1}‖") }
        if hasGradients { parts.append("‖∂L/∂h‖: the gradient at each state") }
        if hasFactors { parts.append("Π: product of the arrows from h_t to h_T") }
        if hasBound, let sigma { parts.append("σᵏ: the bound σ^(T−t), σ\u{00A0}=\u{00A0}\(compactNumber(sigma))") }
        return parts.joined(separator: "; ")
    }
}

/// √(Σ vᵢ²), scaled so huge or tiny elements neither overflow nor underflow.
func euclideanNorm(_ v: [Double]) -> Double {
    let largest = v.reduce(0) { max($0, abs($1)) }
    guard largest.isFinite else { return v.contains { $0.isNaN } ? .nan : .infinity }
    guard largest > 0 else { return 0 }
    return largest * v.reduce(0) { $0 + ($1 / largest) * ($1 / largest) }.squareRoot()
}

extension UnrolledLayout {
    /// The picture in words: the states, the factors on the arrows, where the
    /// running product ends up against its bound, and the gradients; the table
    /// lists every state's numbers.
    var textAlternative: PictureText {
        let count = columns.count, last = count - 1
        let named = title.isEmpty ? "" : " \"\(title)\""
        var sentences = ["Unrolled network\(named) with \(count) state\(count == 1 ? "" : "s") h0 … h\(last)."]
        let revealed = columns.filter { $0.value != ["?"] }.count
        if revealed < count { sentences.append("Forward values are shown up to h\(revealed - 1); the later states are still unknown.") }
        let shownFactors = columns.compactMap { c in c.factor.map { (c.t, $0) } }
        if !shownFactors.isEmpty {
            if shownFactors.count <= 12 {
                sentences.append("Factors ‖∂h_t/∂h_{t−1}‖ on the arrows: " + shownFactors.map { "h\($0.0 - 1) → h\($0.0) \($0.1)" }.joined(separator: ", ") + ".")
            } else {
                let numbers = factors.enumerated().compactMap { t, f in f.map { (t, $0) } }
                if let low = numbers.min(by: { $0.1 < $1.1 }), let high = numbers.max(by: { $0.1 < $1.1 }) {
                    sentences.append("\(numbers.count) factors ‖∂h_t/∂h_{t−1}‖ on the arrows, from \(compactNumber(low.1)) (into h\(low.0)) to \(compactNumber(high.1)) (into h\(high.0)).")
                }
            }
        }
        let products = columns.compactMap { c in c.product.map { (c.t, $0, c.bound) } }
        if let earliest = products.first, earliest.0 < last {
            var text = "The product of the factors from h\(last) back to h\(earliest.0) is \(earliest.1)"
            if let bound = earliest.2 { text += ", against the bound σ^\(last - earliest.0) = \(bound)" }
            if let p = self.products[earliest.0] { text += p < 1 ? ": the gradient shrinks on the way back" : (p > 1 ? ": the gradient grows on the way back" : "") }
            sentences.append(text + ".")
        }
        let gradients = columns.compactMap { c in c.gradient.map { (c.t, $0) } }
        if !gradients.isEmpty {
            let listed = gradients.count <= 12 ? gradients : Array(gradients.prefix(3) + gradients.suffix(3))
            sentences.append("Gradient norms ‖∂L/∂h_t‖ from h\(gradients.last!.0) back: "
                + listed.reversed().map { "h\($0.0) \($0.1)" }.joined(separator: ", ") + (gradients.count > 12 ? " (and \(gradients.count - 6) more)" : "") + ".")
        }
        var header = ["state", valuesAreNorms ? "‖h‖" : "h"]
        if hasFactors { header += ["factor in", "product", "bound"] }
        if hasGradients { header.append("‖∂L/∂h‖") }
        let rows = sampledIndices(count).map { t -> [String] in
            let c = columns[t]
            var row = ["h\(t)", c.value.joined(separator: " ")]
            if hasFactors { row += [c.factor ?? "", c.product ?? "", c.bound ?? ""] }
            if hasGradients { row.append(c.gradient ?? "") }
            return row
        }
        return PictureText(summary: sentences.joined(separator: " "), table: TextTable(header: header, rows: rows))
    }
}

/// `12` → `₁₂`.
func subscriptDigits(_ n: Int) -> String {
    let digits: [Character] = ["₀", "₁", "₂", "₃", "₄", "₅", "₆", "₇", "₈", "₉"]
    return String(String(n).map { c in c.wholeNumberValue.map { digits[$0] } ?? c })
}
