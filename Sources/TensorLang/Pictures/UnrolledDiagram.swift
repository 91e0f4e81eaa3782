/// An RNN unrolled over time: one box per hidden state h_0 … h_T joined by the
/// recurrent arrows, optionally with the gradient factor ‖∂h_t/∂h_{t−1}‖ on each
/// arrow, the gradients ∂L/∂h_t flowing back, and the running product of the
/// factors beside the bound σᵏ. Steps can be revealed one at a time (forward
/// values first, then the backward pass from the last step), which is how
/// lessons draw it. The numbers only: the session lays them out and draws them.
public struct UnrolledDiagram: Sendable, Equatable {
    /// h_0 … h_T; nil for a state not yet revealed by `forward=k`.
    public var states: [[Double]?]
    /// ∂L/∂h_t per state; nil when not given or not yet revealed by `backward=k`.
    public var gradients: [[Double]?]
    /// `factors[t]` is on the arrow h_{t−1} → h_t (`factors[0]` is unused); nil when unknown.
    public var factors: [Double?]
    /// Whether state t shows the running product of the factors back from h_T (the backward reveal).
    public var productShown: [Bool]
    /// σ_max(W_hh), for the bound σ^(T−t); nil when W_hh was not given.
    public var sigma: Double?
    public var title: String

    public init(states: [[Double]?], gradients: [[Double]?] = [], factors: [Double?] = [], productShown: [Bool] = [],
                sigma: Double? = nil, title: String = "") {
        self.states = states
        self.gradients = gradients
        self.factors = factors
        self.productShown = productShown
        self.sigma = sigma
        self.title = title
    }
}
