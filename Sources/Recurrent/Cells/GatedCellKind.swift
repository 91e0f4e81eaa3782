/// The gated single-state cells: the GRU and the three mutants of Jozefowicz et al. (2015).
///
/// All four share one skeleton — an update gate z, a reset gate r, a candidate
///
///     h̃ = tanh(W_hh·(r ⊙ h_t) + [input term] + b_h)
///
/// and a convex mix of the old state and the candidate. They differ in what
/// feeds the gates and which side of the mix z weights:
///
/// - **GRU** (Cho et al. 2014, in the form with separate input and recurrent weights):
///
///       r = σ(W_xr·x + W_hr·h + b_r)
///       z = σ(W_xz·x + W_hz·h + b_z)
///       h̃ = tanh(W_xh·x + W_hh·(r ⊙ h) + b_h)
///       h_{t+1} = z ⊙ h + (1 − z) ⊙ h̃          (z keeps the OLD state)
///
/// - **MUT1**:  z = σ(W_xz·x + b_z),  r = σ(W_xr·x + W_hr·h + b_r),
///   h_{t+1} = tanh(W_hh·(r ⊙ h) + tanh(x) + b_h) ⊙ z + h ⊙ (1 − z)
/// - **MUT2**:  z = σ(W_xz·x + W_hz·h + b_z),  r = σ(x + W_hr·h + b_r),
///   h_{t+1} = tanh(W_hh·(r ⊙ h) + W_xh·x + b_h) ⊙ z + h ⊙ (1 − z)
/// - **MUT3**:  z = σ(W_xz·x + W_hz·tanh(h) + b_z),  r = σ(W_xr·x + W_hr·h + b_r),
///   h_{t+1} = tanh(W_hh·(r ⊙ h) + W_xh·x + b_h) ⊙ z + h ⊙ (1 − z)
///
/// In the mutants z weights the NEW candidate. MUT1 and MUT2 add the input
/// to a hidden-sized quantity without a weight, so they need D = H.
public enum GatedCellKind: String, Sendable, Equatable, CaseIterable {
    case gru, mut1, mut2, mut3

    /// A quantity a gate or the candidate reads.
    enum Source: Int, CaseIterable {
        case input, tanhInput, hidden, tanhHidden, resetHidden
    }

    /// One summand of a pre-activation: `W·source` (weight named) or `source` itself.
    struct Term {
        let weight: String?
        let source: Source
    }

    /// The recipe of one kind: summands of each pre-activation and the parameter order.
    struct Recipe {
        let reset: [Term]
        let update: [Term]
        let candidate: [Term]
        /// True for the GRU: h_{t+1} = z ⊙ h + (1 − z) ⊙ h̃; false: h_{t+1} = z ⊙ h̃ + (1 − z) ⊙ h.
        let updateKeepsOld: Bool
        /// Parameter names in order; biases are "br", "bz", "bh".
        let parameterNames: [String]
    }

    var recipe: Recipe {
        switch self {
        case .gru:
            return Recipe(
                reset: [Term(weight: "wxr", source: .input), Term(weight: "whr", source: .hidden)],
                update: [Term(weight: "wxz", source: .input), Term(weight: "whz", source: .hidden)],
                candidate: [Term(weight: "wxh", source: .input), Term(weight: "whh", source: .resetHidden)],
                updateKeepsOld: true,
                parameterNames: ["wxr", "whr", "br", "wxz", "whz", "bz", "wxh", "whh", "bh"])
        case .mut1:
            return Recipe(
                reset: [Term(weight: "wxr", source: .input), Term(weight: "whr", source: .hidden)],
                update: [Term(weight: "wxz", source: .input)],
                candidate: [Term(weight: "whh", source: .resetHidden), Term(weight: nil, source: .tanhInput)],
                updateKeepsOld: false,
                parameterNames: ["wxz", "bz", "wxr", "whr", "br", "whh", "bh"])
        case .mut2:
            return Recipe(
                reset: [Term(weight: nil, source: .input), Term(weight: "whr", source: .hidden)],
                update: [Term(weight: "wxz", source: .input), Term(weight: "whz", source: .hidden)],
                candidate: [Term(weight: "whh", source: .resetHidden), Term(weight: "wxh", source: .input)],
                updateKeepsOld: false,
                parameterNames: ["wxz", "whz", "bz", "whr", "br", "whh", "wxh", "bh"])
        case .mut3:
            return Recipe(
                reset: [Term(weight: "wxr", source: .input), Term(weight: "whr", source: .hidden)],
                update: [Term(weight: "wxz", source: .input), Term(weight: "whz", source: .tanhHidden)],
                candidate: [Term(weight: "whh", source: .resetHidden), Term(weight: "wxh", source: .input)],
                updateKeepsOld: false,
                parameterNames: ["wxz", "whz", "bz", "wxr", "whr", "br", "whh", "wxh", "bh"])
        }
    }

    /// True when the input is added to a hidden-sized quantity without a weight (D must equal H).
    var needsEqualSizes: Bool { self == .mut1 || self == .mut2 }

    /// `(rows, columns)` of a parameter: weights named w{x|h}{r|z|h}, biases b{r|z|h}.
    static func shape(of name: String, input d: Int, hidden h: Int) -> [Int] {
        if name.hasPrefix("b") { return [h] }
        return name.dropFirst().first == "x" ? [h, d] : [h, h]
    }
}

extension GatedCellKind {
    /// The parameter names of this kind, in the order a ``GatedCell`` stores them.
    public var parameterOrder: [String] { recipe.parameterNames }
}
