import Foundation
import TensorCore

/// What a front-end asks of the session ``Session/standard(_:)`` assembles.
///
/// The presets name every front-end: ``interactive(environment:terminal:)`` (the REPL),
/// ``notebook(environment:)`` (Jupyter), ``script(environment:json:)`` (`unroll run` and
/// `unroll eval`) and ``grading`` (the grader and `:check`).
public struct SessionOptions: Sendable {
    /// Whether `:save` and `:load` may touch the user's files.
    public var files: FileAccess = .none
    /// The lesson commands (`:lesson`, `:next`, `:check`…); nil for a session without them.
    public var lessons: Lessons?
    /// Whether tensor output ends with a `shape (…)` line (a person at a terminal).
    public var showsShapeFooter = true
    /// Whether pictures are also drawn as SVG (for notebooks and `--json`); text is always drawn.
    public var drawsSVG = true
    /// How pictures fit the terminal, and whether they are coloured or replaced by text.
    public var display = DisplayOptions()
    /// Whether values also carry their JSON (`application/json`), as `unroll run --json` writes them.
    public var valuesAsJSON = false
    /// Where inputs and results are kept across sessions (the REPL and the kernel
    /// share an SQLite file); nil keeps them in memory for this session only.
    public var history: HistoryStore?
    /// The most the session's programs may hold (tensor bytes, graph nodes, string
    /// bytes, sequence elements); going over one is a `limit` error naming it.
    public var limits = ResourceLimits.standard

    public init() {}

    /// Where the lesson commands find lessons and keep progress.
    public struct Lessons: Sendable {
        /// The lessons `:lesson` offers; nil when none were found (`:lesson` says how to point to them).
        public var library: LessonLibrary?
        /// Where progress is saved; nil keeps it in memory for this session only.
        public var progress: ProgressStore?

        public init(library: LessonLibrary?, progress: ProgressStore?) {
            self.library = library
            self.progress = progress
        }
    }

    /// The terminal REPL: the user's files, the lessons, progress saved in the data
    /// directory, and the shape footer when a person is typing (`terminal`).
    public static func interactive(environment: [String: String], terminal: Bool) -> SessionOptions {
        var options = SessionOptions()
        options.display = .from(environment: environment)
        options.files = .local
        options.lessons = Lessons(library: LessonLibrary.locate(environment: environment),
                                  progress: ProgressStore(url: DataDirectory.progressFile(environment: environment)))
        options.showsShapeFooter = terminal
        options.drawsSVG = false
        return options
    }

    /// A notebook (the Jupyter kernel): as the REPL, with SVG pictures and no shape
    /// footer (notebooks show tensors as HTML tables with their shape).
    public static func notebook(environment: [String: String]) -> SessionOptions {
        var options = interactive(environment: environment, terminal: false)
        options.drawsSVG = true
        return options
    }

    /// A script (`unroll run`, `unroll eval`): the user's files and the lessons, with
    /// progress kept in memory (a script never changes a student's saved place);
    /// with `json`, values carry their JSON and pictures their SVG.
    public static func script(environment: [String: String], json: Bool) -> SessionOptions {
        var options = interactive(environment: environment, terminal: false)
        options.lessons?.progress = nil
        options.drawsSVG = json
        options.valuesAsJSON = json
        return options
    }

    /// Grading (`unroll grade`, `:check`): no files, no lessons, no pictures drawn.
    public static var grading: SessionOptions {
        var options = SessionOptions()
        options.showsShapeFooter = false
        options.drawsSVG = false
        return options
    }
}
