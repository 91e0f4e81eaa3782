/// The operations every front-end needs from a session — the list a notebook
/// kernel must implement. The REPL and the Jupyter kernel are thin
/// translations around it.
public protocol KernelSession: AnyObject {
    /// Runs a cell. `onOutput` receives each output as it happens (print output
    /// before the cell finishes); the result also lists them.
    func execute(_ code: String, storeHistory: Bool, onOutput: @escaping (SessionOutput) -> Void) -> ExecutionResult
    /// Candidates for the word before `cursor` (a character offset).
    func complete(_ code: String, cursor: Int) -> CompletionResult
    /// Help for the name under `cursor`: signature, summary and example of a builtin, or a variable's shape and preview.
    func inspect(_ code: String, cursor: Int, detailLevel: Int) -> MimeBundle?
    /// Whether `code` is complete, needs more lines, or is invalid.
    func isComplete(_ code: String) -> CompletenessStatus
    /// Asks a running `execute` to stop soon; safe to call from any thread.
    func interrupt()
    /// The value of one expression, with no side effect on counts, history or
    /// `_` (Jupyter's `user_expressions`).
    func evaluate(_ expression: String) -> Result<MimeBundle, SessionError>
    /// The latest inputs, of this session and earlier ones, oldest first.
    func history() -> [HistoryEntry]
    /// This session's number in the history; earlier sessions have smaller ones.
    var historySession: Int { get }
    /// The number the next execution will get.
    var executionCount: Int { get }
}
