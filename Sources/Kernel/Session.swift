import Foundation
import TensorCore
import TensorLang

/// A notebook session: one interpreter, execution counts, the `In`/`Out`
/// history and meta-commands. The REPL, the Jupyter kernel and `unroll run` are
/// thin translations around it (see ``KernelSession``); ``standard(_:)`` builds one.
///
/// ```swift
/// let session = Session.standard()
/// let result = session.execute("x = [1, 2]\nx * 2", storeHistory: true) { _ in }
/// result.outputs   // [.result(MimeBundle(plain: "[2. 4.]\nshape (2,)", html: "<table …>"))]
/// ```
public final class Session: KernelSession {
    /// The language session underneath; lessons and the grader run code in it too.
    public private(set) var interpreter: Interpreter
    /// Shared by every interpreter this session creates, so `interrupt()` never
    /// reads `interpreter` while `:reset` replaces it on another thread.
    private let interruptFlag = InterruptFlag()
    public private(set) var executionCount = 1
    /// The code of each execution, by count (`In[n]`).
    public private(set) var inputs: [Int: String] = [:]
    /// The displayed value of each execution, by count (`Out[n]`).
    public private(set) var outputValues: [Int: Value] = [:]
    /// Whether `:save` and `:load` may read and write the user's files.
    public let files: FileAccess
    var renderer = ValueRenderer()
    var pictures = PictureRenderer()
    /// Whether tensor output ends with a dim `shape (…)` line; off when reading a script from a pipe.
    public var showsShapeFooter: Bool {
        get { renderer.shapeFooter }
        set { renderer.shapeFooter = newValue }
    }
    /// Warnings from setting the session up (a damaged progress file moved aside),
    /// for the front-end to show once.
    public internal(set) var startupWarnings: [String] = []
    /// Receives outputs while a cell runs.
    var live: ((SessionOutput) -> Void)?
    /// Outputs of the running cell, gathered for the result.
    var gathered: [SessionOutput] = []
    var gatheredTextBytes = 0
    /// The value waiting to be shown: only the cell's last value becomes its result.
    var pendingValue: Value?
    var extensions: [SessionExtension] = []

    /// The most the session's programs may hold; kept across `:reset`.
    public var limits: ResourceLimits {
        get { interpreter.limits }
        set { interpreter.limits = newValue }
    }

    /// Where inputs and results are kept for later sessions (the up-arrow, `history_request`).
    public let historyStore: HistoryStore

    /// A bare session: the language, no lessons. Front-ends use ``standard(_:)``.
    /// - Parameters:
    ///   - files: file access for meta-commands; `.none` in graded or sandboxed use.
    ///   - history: where inputs are kept; by default in memory, for this session only.
    init(files: FileAccess = .none, history: HistoryStore = MemoryHistory()) {
        self.files = files
        historyStore = history
        interpreter = Interpreter(interrupt: interruptFlag)
    }

    /// Adds a component (lessons, grading) that contributes meta-commands or builtins.
    public func add(_ ext: SessionExtension) {
        extensions.append(ext)
        ext.install(in: self)
    }

    // MARK: Executing

    public func execute(_ code: String, storeHistory: Bool, onOutput: @escaping (SessionOutput) -> Void) -> ExecutionResult {
        execute(code, storeHistory: storeHistory, firstLine: 1, onOutput: onOutput)
    }

    /// Runs a cell whose first line is line `firstLine` of a longer text (a script), so
    /// error positions count from the text's start. The whole cell — meta-commands,
    /// the program, drawing its values — runs on an ``ExecutionThread``, whose stack
    /// does not depend on the caller's; `onOutput` is called there.
    func execute(_ code: String, storeHistory: Bool, firstLine: Int, onOutput: @escaping (SessionOutput) -> Void) -> ExecutionResult {
        ExecutionThread.run { _ in executeHere(code, storeHistory: storeHistory, firstLine: firstLine, onOutput: onOutput) }
    }

    private func executeHere(_ code: String, storeHistory: Bool, firstLine: Int, onOutput: @escaping (SessionOutput) -> Void) -> ExecutionResult {
        let count = executionCount
        if storeHistory {
            inputs[count] = code
            historyStore.record(line: count, input: code)
            executionCount += 1
        }
        live = onOutput
        gathered = []
        gatheredTextBytes = 0
        pendingValue = nil
        defer { live = nil }
        var failure: SessionError?
        var quit = false
        if let command = MetaCommandLine(code) {
            do {
                quit = try runMeta(command)
            } catch var error {
                // A meta-command's error points at its line.
                error.line = error.line ?? firstLine
                error.column = error.column ?? 1
                failure = error
            }
        } else if let query = HelpQuery(code) {
            failure = showHelp(query)
        } else if isExitRequest(code) {
            quit = true
        } else {
            failure = run(String(repeating: "\n", count: max(firstLine - 1, 0)) + code)
        }
        flushPendingValue(asResult: true, count: count, store: storeHistory)
        for warning in historyStore.takeWarnings() { emit(.stream(name: "stderr", text: warning + "\n")) }
        return ExecutionResult(executionCount: count, outputs: gathered, error: failure, quitRequested: quit)
    }

    /// Runs language code, translating its outputs as they happen; returns its error, if any.
    @discardableResult
    func run(_ code: String) -> SessionError? {
        var failure: SessionError?
        interpreter.sink = { [unowned self] output in
            switch output {
            case .value(let value):
                flushPendingValue(asResult: false, count: nil, store: false)
                pendingValue = value
            case .stdout(let text):
                flushPendingValue(asResult: false, count: nil, store: false)
                emit(.stream(name: "stdout", text: text))
            case .stderr(let text):
                flushPendingValue(asResult: false, count: nil, store: false)
                emit(.stream(name: "stderr", text: text))
            case .display(let picture):
                flushPendingValue(asResult: false, count: nil, store: false)
                emit(.display(pictures.bundle(for: picture)))
            case .error(let diagnostic, let source):
                failure = SessionError(diagnostic, source: source)
            }
        }
        defer { interpreter.sink = nil }
        interpreter.execute(code)
        return failure
    }

    /// Runs code without showing anything it produces (replaying a lesson's earlier cells).
    func runQuietly(_ code: String) -> SessionError? {
        let saved = (live, gathered, pendingValue)
        live = nil
        defer { (live, gathered, pendingValue) = saved }
        return run(code)
    }

    /// Shows the waiting value: as the cell's result (`Out[n]`) if it is the
    /// last thing the cell produced, else as a display.
    func flushPendingValue(asResult: Bool, count: Int?, store: Bool) {
        guard let value = pendingValue else { return }
        pendingValue = nil
        let bundle = renderer.bundle(for: value)
        if asResult {
            emit(.result(bundle))
            if store, let count {
                remember(value, as: count)
                historyStore.recordOutput(line: count, output: bundle.plain)
            }
        } else {
            emit(.display(bundle))
        }
    }

    /// Records `Out[n]` and the IPython-style shortcuts `_`, `__` and `_n`.
    func remember(_ value: Value, as count: Int) {
        outputValues[count] = value
        if let previous = interpreter.value(of: "_") { interpreter.globals.define("__", previous) }
        interpreter.globals.define("_", value)
        interpreter.globals.define("_\(count)", value)
    }

    func emit(_ output: SessionOutput) {
        // The cell's result keeps its first MiB of printed text; the front-end sees it all, live.
        if case .stream(_, let text) = output {
            gatheredTextBytes += text.utf8.count
            if gatheredTextBytes <= Interpreter.keptOutputBytes { gathered.append(output) }
        } else {
            gathered.append(output)
        }
        live?(output)
    }

    /// Shows text output (for meta-commands and lessons).
    public func show(_ text: String, html: String? = nil) {
        emit(.display(MimeBundle(plain: text, html: html)))
    }

    public func interrupt() { interruptFlag.request() }

    /// How many entries ``history()`` reads back from the store.
    static let historyLimit = 10_000

    public func history() -> [HistoryEntry] { historyStore.recent(limit: Self.historyLimit) }

    public var historySession: Int { historyStore.session }

    /// Forgets every variable and output; the execution count keeps rising.
    public func reset() {
        let limits = limits
        interpreter.globals.removeAll()  // frees the old variables (functions hold their frame)
        interpreter = Interpreter(interrupt: interruptFlag)
        interpreter.limits = limits
        outputValues = [:]
        for ext in extensions { ext.install(in: self) }
    }

    public func isComplete(_ code: String) -> CompletenessStatus {
        if MetaCommandLine(code) != nil { return .complete }
        switch TensorLang.isComplete(code) {
        case .complete: return .complete
        case .incomplete: return .incomplete(indent: CodeContext(Array(code), upTo: code.count).indent)
        case .invalid: return .invalid
        }
    }
}

extension SessionError {
    /// A language diagnostic as front-ends show it.
    init(_ diagnostic: Diagnostic, source: String) {
        let position = diagnostic.span.lineAndColumn(in: source)
        self.init(name: diagnostic.kind.rawValue, value: diagnostic.message,
                  traceback: DiagnosticRenderer.render(diagnostic, source: source).split(separator: "\n", omittingEmptySubsequences: false).map(String.init),
                  line: position.line, column: position.column, notes: diagnostic.notes)
    }

    /// An error that has no source position (a meta-command's).
    static func usage(_ message: String) -> SessionError {
        SessionError(name: "usage", value: message, traceback: ["error: \(message)"])
    }
}
