/// The outcome of one `execute`.
public struct ExecutionResult: Sendable, Equatable {
    /// The `In [n]` number this execution was given.
    public var executionCount: Int
    /// Everything shown, in order (also delivered live through the output callback).
    public var outputs: [SessionOutput]
    /// The error that stopped the cell, if any.
    public var error: SessionError?
    /// Set by `:quit`: the front-end should end the session.
    public var quitRequested: Bool

    public init(executionCount: Int, outputs: [SessionOutput] = [], error: SessionError? = nil, quitRequested: Bool = false) {
        self.executionCount = executionCount
        self.outputs = outputs
        self.error = error
        self.quitRequested = quitRequested
    }
}
