import Formats
import TensorLang

/// One piece of rich output: the same content in several formats, keyed by
/// MIME type. `text/plain` is always present; front-ends pick the richest
/// format they can show (a terminal takes `text/plain`, a notebook HTML or SVG).
public struct MimeBundle: Sendable, Equatable {
    public var data: [String: String]
    /// The value shown, to be written as JSON, when the session was asked for it
    /// (``SessionOptions/valuesAsJSON``); `unroll run --json` writes it.
    public var json: ValueJSON?

    public init(plain: String, html: String? = nil, svg: String? = nil) {
        data = ["text/plain": plain]
        if let html { data["text/html"] = html }
        if let svg { data["image/svg+xml"] = svg }
    }

    /// The plain-text form, which every bundle has.
    public var plain: String { data["text/plain"] ?? "" }
}

/// Something an execution produced, in the order it was produced.
public enum SessionOutput: Sendable, Equatable {
    /// Text written by `print` (`stdout`) or warnings (`stderr`).
    case stream(name: String, text: String)
    /// A picture or table shown during execution (a plot, a graph).
    case display(MimeBundle)
    /// The value of the cell's last bare expression (`Out[n]`).
    case result(MimeBundle)
}

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

/// Completion candidates replacing the text between `cursorStart` and
/// `cursorEnd` (character offsets), as Jupyter's `complete_reply` wants.
public struct CompletionResult: Sendable, Equatable {
    public var matches: [String]
    public var cursorStart: Int
    public var cursorEnd: Int

    public init(matches: [String], cursorStart: Int, cursorEnd: Int) {
        self.matches = matches
        self.cursorStart = cursorStart
        self.cursorEnd = cursorEnd
    }
}

/// Whether a cell can run as typed (Jupyter's `is_complete_reply` statuses).
public enum CompletenessStatus: Sendable, Equatable {
    /// Runs as it is.
    case complete
    /// Needs more lines (an open bracket, block or string); `indent` suggests the next line's indentation.
    case incomplete(indent: String)
    /// Can never run: more input will not fix it.
    case invalid
}

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

/// What a notebook needs to know about the language (Jupyter's `language_info`).
public enum LanguageInfo {
    public static let name = "unroll"
    public static let version = "0.1.0"
    public static let mimetype = "text/x-unroll"
    public static let fileExtension = ".ur"
    /// The lexer in `python/pygments-unroll`, which `unroll kernel install` puts in place.
    public static let pygmentsLexer = "unroll"
    /// Notebook editors have no Unroll mode; Python's colours its comments, strings and numbers alike.
    public static let codemirrorMode = "python"
}

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
    /// The inputs executed so far, oldest first.
    func history() -> [HistoryEntry]
    /// The number the next execution will get.
    var executionCount: Int { get }
}

/// A value shown by a cell, kept to be written as JSON by whoever asks (`unroll run
/// --json`): it streams out through a ``JSONWriter`` (a tensor's numbers one by one),
/// so writing a value of millions of numbers needs no copy of it as text or as a tree.
/// Values never change once made, so reading it from another thread is safe.
public final class ValueJSON: @unchecked Sendable, Equatable {
    private let value: Value

    init(_ value: Value) { self.value = value }

    /// Writes the value's JSON (`{"data": [...], "shape": [...]}` for a tensor).
    public func write(to writer: inout JSONWriter) { value.writeJSON(to: &writer) }

    /// The value's JSON as a tree, for small values and tests.
    public var tree: JSONValue { value.json }

    /// The same value shown once: two bundles are equal only when they show the same shown value.
    public static func == (a: ValueJSON, b: ValueJSON) -> Bool { a === b }
}
