/// Completion candidates replacing the text between `cursorStart` and
/// `cursorEnd` (character offsets), as Jupyter's `complete_reply` wants.
public struct CompletionResult: Sendable, Equatable {
    public var matches: [String]
    public var cursorStart: Int
    public var cursorEnd: Int
    /// What each match is (`function`, `keyword`, `command`, or a value's kind such as `tensor`).
    public var kinds: [String: String]

    public init(matches: [String], cursorStart: Int, cursorEnd: Int, kinds: [String: String] = [:]) {
        self.matches = matches
        self.cursorStart = cursorStart
        self.cursorEnd = cursorEnd
        self.kinds = kinds
    }
}
