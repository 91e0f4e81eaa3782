/// An error as front-ends show it: Jupyter's `ename`, `evalue` and `traceback`,
/// plus the source position for terminals and JSON.
public struct SessionError: Error, Sendable, Equatable {
    /// The error kind, e.g. `shape`, `syntax`, `name`, `interrupted`.
    public var name: String
    /// The one-line message.
    public var value: String
    /// The rendered diagnostic (source line, underline, notes), one line per entry.
    public var traceback: [String]
    /// 1-based line and column of the error's start, when it has a position.
    public var line: Int?
    public var column: Int?
    /// What the message adds: hints and what to do next (a language error's notes).
    public var notes: [String]

    public init(name: String, value: String, traceback: [String], line: Int? = nil, column: Int? = nil, notes: [String] = []) {
        self.name = name
        self.value = value
        self.traceback = traceback
        self.line = line
        self.column = column
        self.notes = notes
    }
}
