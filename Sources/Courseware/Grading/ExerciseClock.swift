import Foundation
import TensorLang

/// One exercise's time: the student's code and every check that runs it share
/// `seconds`. Each program runs under the session's own time limit (which the
/// interpreter and long builtins check), set to the time left; once it is spent,
/// nothing more of the exercise runs.
///
/// The limit is cooperative; what stops code that never reaches a check is the
/// grading process's hard limits (see the Isolation module).
struct ExerciseClock {
    let seconds: Double
    private let deadline: ContinuousClock.Instant

    init(seconds: Double) {
        self.seconds = seconds
        deadline = .now + .milliseconds(Int64((seconds * 1000).rounded()))
    }

    /// Whether the time is spent.
    var isOver: Bool { ContinuousClock.now >= deadline }

    /// Runs `code` in `session` with no output sink until the time is up; nil when no time was left.
    func execute(_ code: String, in session: Interpreter) -> [Output]? {
        let left = deadline - .now
        guard left > .zero else { return nil }
        let previous = session.timeLimit
        session.timeLimit = Double(left.components.seconds) + Double(left.components.attoseconds) * 1e-18
        defer { session.timeLimit = previous }
        session.sink = nil
        return session.execute(code)
    }

    /// What stopped the exercise when its time ran out.
    var timeoutMessage: String {
        "stopped after the time limit of \(Self.describe(seconds)) for this exercise (an infinite loop?)"
    }

    /// Whether an error is the time running out (rather than an error of the code).
    func isTimeout(_ diagnostic: Diagnostic) -> Bool {
        diagnostic.kind == .interrupted || (diagnostic.kind == .limit && isOver)
    }

    /// Runs `code`; the error message if it failed or ran out of time, nil when it ran to the end.
    func run(_ code: String, in session: Interpreter) -> String? {
        guard let outputs = execute(code, in: session) else { return timeoutMessage }
        for case .error(let diagnostic, let source) in outputs {
            if isTimeout(diagnostic) { return timeoutMessage }
            let position = diagnostic.span.lineAndColumn(in: source)
            return "line \(position.line):\(position.column): \(diagnostic.kind.rawValue) error: \(diagnostic.message)"
        }
        return nil
    }

    static func describe(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? "\(Int(seconds)) s" : String(format: "%.1f s", seconds)
    }
}

/// Runs `code` in `session` under a time limit of `seconds`, with no output sink.
/// For lesson tooling (assertions, audits) and tests.
public func executeWithDeadline(_ code: String, in session: Interpreter, seconds: Double) -> [Output] {
    ExerciseClock(seconds: seconds).execute(code, in: session) ?? []
}

/// Runs `code` in `session` under a time limit of `seconds`; the error message, if any.
public func runWithDeadline(_ code: String, in session: Interpreter, seconds: Double) -> String? {
    ExerciseClock(seconds: seconds).run(code, in: session)
}
