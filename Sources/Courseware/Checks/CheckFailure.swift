/// Why a check did not pass: a kind, which is all a hidden check reports, and
/// the details a visible check shows.
struct CheckFailure: Error {
    enum Kind {
        /// The student's answer is not what the check asks for.
        case mismatch
        /// The student's code fails with an error while the check runs it.
        case error
        /// The exercise's time ran out.
        case timeout
        /// The exercise's code could not run at all, so no check ran.
        case notRun
        /// The check passes but looks only at the form of the answer, and no
        /// check of the answer's value passed.
        case notCounted
        /// The reference cannot run the check: a mistake in the lesson.
        case lessonBug
    }

    var kind: Kind
    /// What a visible check shows; it may quote the check's expression and the
    /// student's values (and, for a `reveal` check, the expected ones).
    var detail: String

    init(_ kind: Kind, _ detail: String) {
        self.kind = kind
        self.detail = detail
    }

    static func timeout(_ clock: ExerciseClock) -> CheckFailure {
        CheckFailure(.timeout, "it did not finish: the time limit of \(ExerciseClock.describe(clock.seconds)) for this exercise ran out")
    }

    static let notCounted = CheckFailure(.notCounted,
        "passes, but this check looks at the form of the answer and counts only once a check of its value (close, property or gradient) passes")

    /// The message for a check with `visibility`: a hidden check never quotes its
    /// expression, a value, or an error raised while evaluating its expression.
    func message(for visibility: CheckVisibility) -> String {
        guard visibility == .hidden else { return detail }
        switch kind {
        case .mismatch: return "your answer does not pass this hidden check"
        case .error: return "your code fails with an error in this hidden check"
        case .timeout: return "the exercise's time limit ran out before this hidden check finished"
        case .notRun, .notCounted: return detail
        case .lessonBug: return "this check cannot run because of a mistake in the lesson; tell your instructor"
        }
    }
}
