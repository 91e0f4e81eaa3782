/// Whether a cell can run as typed (Jupyter's `is_complete_reply` statuses).
public enum CompletenessStatus: Sendable, Equatable {
    /// Runs as it is.
    case complete
    /// Needs more lines (an open bracket, block or string); `indent` suggests the next line's indentation.
    case incomplete(indent: String)
    /// Can never run: more input will not fix it.
    case invalid
}
