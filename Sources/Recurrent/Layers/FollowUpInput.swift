/// What a follow-up step of a one-to-many network reads after the first input.
public enum FollowUpInput: Sendable, Equatable {
    /// A zero vector.
    case zeros
    /// The one-hot of the previous token: the previous target while training
    /// (teacher forcing), the previous generated token while sampling. Needs D = V.
    case previousToken
    /// The one-hot of the model's own previous argmax prediction, also while
    /// training (student forcing; no gradient flows through the choice). Needs D = V.
    case previousPrediction
}
