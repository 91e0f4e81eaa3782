/// An RNN unrolled over time: one box per hidden state h_0 … h_T joined by
/// the recurrent arrows, inputs below, and optionally the gradients ∂L/∂h_t
/// flowing back. Steps can be revealed one at a time (forward values first,
/// then gradients from the last step backwards), which is how lessons draw it.
public struct UnrolledDiagram: Sendable, Equatable {
    /// One time step's box.
    public struct Step: Sendable, Equatable {
        /// What the box shows for the forward value, e.g. `[0.42, -0.1]` or `‖h‖ 1.23`.
        public var value: String
        /// The gradient arriving at this state, e.g. `‖g‖ 0.05`; nil when not shown.
        public var gradient: String?
        public init(value: String, gradient: String?) {
            self.value = value
            self.gradient = gradient
        }
    }

    public var steps: [Step]
    public var title: String

    public init(steps: [Step], title: String = "") {
        self.steps = steps
        self.title = title
    }
}
