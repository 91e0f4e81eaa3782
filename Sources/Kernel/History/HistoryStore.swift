/// Where a session's inputs and results are kept beyond its process, so a new
/// session (a REPL started tomorrow, a restarted Jupyter kernel) can read the
/// cells of earlier ones: the REPL's up-arrow, Jupyter's `history_request`.
///
/// Implementations never throw at the session: a store that cannot write
/// keeps going and says so once through ``takeWarnings()``.
public protocol HistoryStore: AnyObject, Sendable {
    /// This session's number; earlier sessions have smaller numbers.
    var session: Int { get }
    /// Records the input of execution `line` of this session.
    func record(line: Int, input: String)
    /// Records the plain-text result of execution `line` of this session.
    func recordOutput(line: Int, output: String)
    /// The latest `limit` entries over every session, oldest first, with their outputs.
    func recent(limit: Int) -> [HistoryEntry]
    /// Problems met since the last call (a damaged file moved aside, a failed write).
    func takeWarnings() -> [String]
}

/// A history that lives as long as its session (scripts, tests, sessions
/// without a data directory). Used from the session's thread only.
public final class MemoryHistory: HistoryStore, @unchecked Sendable {
    public let session = 1
    private var entries: [HistoryEntry] = []

    public init() {}

    public func record(line: Int, input: String) {
        entries.removeAll { $0.line == line }
        entries.append(HistoryEntry(session: session, line: line, input: input))
    }

    public func recordOutput(line: Int, output: String) {
        guard let index = entries.lastIndex(where: { $0.line == line }) else { return }
        entries[index].output = output
    }

    public func recent(limit: Int) -> [HistoryEntry] { Array(entries.suffix(max(0, limit))) }

    public func takeWarnings() -> [String] { [] }
}
