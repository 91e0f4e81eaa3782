/// One entry of the input history: the session number, the execution count and the code.
public struct HistoryEntry: Sendable, Equatable {
    public var session: Int
    public var line: Int
    public var input: String

    public init(session: Int, line: Int, input: String) {
        self.session = session
        self.line = line
        self.input = input
    }
}
