/// The gradient factors of a recurrent network along one sequence, for the
/// factor view (`draw_factors`): the norm of each step's Jacobian
/// J_t = ∂h_t/∂h_{t−1}, the norm of their product ∂h_T/∂h_k for every distance
/// T − k, the bound σᵏ, and optionally one product shown as a matrix. The
/// numbers only: the session lays them out and draws them.
public struct FactorDiagram: Sendable, Equatable {
    /// One product of factors shown entry by entry: ∂h_T/∂h_k = J_T ⋯ J_{k+1}.
    public struct Product: Sendable, Equatable {
        /// The state the product reaches back to.
        public var k: Int
        public var rows: Int
        public var columns: Int
        /// Row-major entries; non-finite when the product overflowed.
        public var values: [Double]

        public init(k: Int, rows: Int, columns: Int, values: [Double]) {
            self.k = k
            self.rows = rows
            self.columns = columns
            self.values = values
        }
    }

    /// ‖J_t‖₂ for t = 1 … T (element t − 1).
    public var norms: [Double]
    /// ‖∂h_T/∂h_k‖₂ = ‖J_T ⋯ J_{k+1}‖₂ for the distance d = T − k = 1 … T (element d − 1).
    public var chainNorms: [Double]
    /// σ for the bound σ^(T−k) (σ_max(W_hh) when W_hh was given); nil: no bound.
    public var sigma: Double?
    public var product: Product?
    public var title: String

    public init(norms: [Double], chainNorms: [Double], sigma: Double? = nil, product: Product? = nil, title: String = "") {
        self.norms = norms
        self.chainNorms = chainNorms
        self.sigma = sigma
        self.product = product
        self.title = title
    }
}
