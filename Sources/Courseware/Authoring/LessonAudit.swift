import Foundation
import TensorLang

/// What `unroll lesson check FILE.md` finds wrong with a lesson, for its author:
/// every cell runs, every `unroll assert` claim is true, and grading tells right
/// from wrong — the solution gets full marks, the starter 0, and every mutant
/// at most a third of the points and is recognised by `:check`.
///
/// The course's own tests run the same audit on every lesson.
public struct LessonAudit: Sendable {
    /// Each problem with its line in the lesson file.
    public var problems: [LessonError] = []
    /// Lesson cells (exercises and questions are counted apart).
    public var cells = 0
    public var claims = 0
    public var exercises = 0
    public var questions = 0
    public var mutants = 0
    /// Exercises whose solution has at least `LessonAudit.longAnswer` lines of the student's own code.
    public var longExercises = 0

    /// Lines that make an answer "real code": solution lines not already in the starter.
    public static let longAnswer = 5

    /// One line saying what was checked, e.g. `12 cells, 9 claims, 3 exercises (1 long), 1 question, 8 mutants`.
    public var summary: String {
        func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }
        return [count(cells, "cell"), count(claims, "claim"), count(exercises, "exercise") + " (\(longExercises) long)",
                count(questions, "question"), count(mutants, "mutant")].joined(separator: ", ")
    }

    /// Audits `lesson`, read from the file `file`.
    ///
    /// - Parameters:
    ///   - makeInterpreter: a fresh session with every library the lesson may call.
    ///   - seconds: how long one cell, claim or exercise may run.
    ///   - progress: told what is being checked, for a person watching.
    public static func run(_ lesson: Lesson, file: String, makeInterpreter: @escaping () -> Interpreter,
                           seconds: Double = 60, progress: (String) -> Void = { _ in }) -> LessonAudit {
        var audit = LessonAudit()
        audit.checkTitle(lesson, file: file)
        progress("running the cells and assertions")
        audit.runCellsAndAssertions(lesson, file: file, session: makeInterpreter(), seconds: seconds)
        let grader = Grader(limits: GradingLimits(secondsPerExercise: seconds), makeInterpreter: makeInterpreter)
        for (n, exercise) in lesson.exercises.enumerated() {
            progress("grading '\(exercise.id)' (\(n + 1) of \(lesson.exercises.count)): its solution, starter and \(exercise.mutants.count) mutants")
            audit.checkExercise(exercise, in: lesson, file: file, grader: grader)
        }
        return audit
    }

    mutating func problem(_ file: String, _ line: Int, _ message: String) {
        problems.append(LessonError(file: file, line: line, message: message))
    }

    mutating func checkTitle(_ lesson: Lesson, file: String) {
        if lesson.title.first?.isNumber == true {
            problem(file, 1, "the title '\(lesson.title)' starts with a number; the lesson's number comes from its file name, so titles carry none")
        }
    }

    // MARK: Cells and claims

    mutating func runCellsAndAssertions(_ lesson: Lesson, file: String, session: Interpreter, seconds: Double) {
        defer { session.globals.removeAll() }
        let runner = AssertionRunner(secondsPerStatement: seconds)
        func assertions(after steps: Int) {
            for assertion in lesson.assertions where assertion.afterSteps == steps {
                let (failures, claims) = runner.failures(of: assertion, after: session)
                self.claims += claims
                for failure in failures { problem(file, failure.line, failure.message) }
            }
        }
        for (index, step) in lesson.steps.enumerated() {
            assertions(after: index)
            guard let cell = step.cell else { continue }
            switch cell.role {
            case .lesson:
                cells += 1
                if let (line, message) = failure(cell.code, in: session, seconds: seconds) {
                    problem(file, cell.line + line - 1, "this cell fails: \(message)")
                }
            case .starter(let id):
                let solution = lesson.exercise(id)?.solution ?? ""
                if let (line, message) = failure(solution, in: session, seconds: seconds) {
                    problem(file, cell.line - 1, "the solution of '\(id)' fails at its line \(line): \(message)")
                }
            }
        }
        assertions(after: lesson.steps.count)
    }

    /// The first error of running `code`, with its line in `code`.
    func failure(_ code: String, in session: Interpreter, seconds: Double) -> (Int, String)? {
        for case .error(let diagnostic, let source) in executeWithDeadline(code, in: session, seconds: seconds) {
            if diagnostic.kind == .interrupted { return (1, "it did not finish within \(Int(seconds)) s") }
            return (diagnostic.span.lineAndColumn(in: source).line, "\(diagnostic.kind.rawValue) error: \(diagnostic.message)")
        }
        return nil
    }

    // MARK: Exercises

    mutating func checkExercise(_ exercise: Exercise, in lesson: Lesson, file: String, grader: Grader) {
        let line = (lesson.steps[exercise.stepIndex].cell?.line ?? 2) - 1
        let noun = exercise.question == nil ? "exercise" : "question"
        if exercise.question == nil {
            exercises += 1
            if Self.isLong(exercise) { longExercises += 1 }
            if exercise.hints.isEmpty { problem(file, line, "exercise '\(exercise.id)' has no '> **Hint:**' line") }
        } else {
            questions += 1
        }
        mutants += exercise.mutants.count
        if !exercise.checks.contains(where: { !$0.hidden }) {
            problem(file, line, "\(noun) '\(exercise.id)' has no visible check, so :check can say nothing")
        }
        if exercise.mutants.count < 2 {
            problem(file, line, "\(noun) '\(exercise.id)' has \(exercise.mutants.count) mutant\(exercise.mutants.count == 1 ? "" : "s"); give it at least two plausible wrong answers")
        }
        let solved = grader.gradeExercise(exercise, in: lesson, code: exercise.solution)
        if solved.score < solved.maxScore {
            problem(file, line, "the solution of '\(exercise.id)' scores \(points(solved.score)) of \(points(solved.maxScore)): \(failed(solved))")
        }
        let started = grader.gradeExercise(exercise, in: lesson, code: exercise.starter, evenIfStarter: true)
        if started.score > 0 {
            problem(file, line, "the starter of '\(exercise.id)' scores \(points(started.score)) of \(points(started.maxScore)); a starter must score 0 (it passes \(passed(started)))")
        }
        for mutant in exercise.mutants {
            checkMutant(mutant, of: exercise, in: lesson, file: file, grader: grader)
        }
    }

    mutating func checkMutant(_ mutant: Mutant, of exercise: Exercise, in lesson: Lesson, file: String, grader: Grader) {
        let graded = grader.gradeExercise(exercise, in: lesson, code: mutant.code)
        if graded.score > graded.maxScore / 3 + 1e-9 {
            problem(file, mutant.line, "the mutant '\(mutant.mistake)' scores \(points(graded.score)) of \(points(graded.maxScore)), more than a third; it passes \(passed(graded))")
        }
        // What :check would say to a student who typed the mutant.
        guard case .success(let student) = grader.studentSession(for: exercise, in: lesson) else { return }
        defer { student.globals.removeAll() }
        var called = Set<String>()
        if let failure = grader.runTimed(mutant.code, in: student, tracing: { name, _ in called.insert(name) }) {
            problem(file, mutant.line, "the mutant '\(mutant.mistake)' does not run: \(failure)")
            return
        }
        let feedback = grader.feedback(for: exercise, in: lesson, student: student, studentCode: mutant.code, calledBuiltins: called)
        if feedback.passed {
            problem(file, mutant.line, "the mutant '\(mutant.mistake)' passes every visible check, so :check cannot tell it from a right answer")
        } else if let other = feedback.mistake, other != mutant {
            problem(file, mutant.line, "the mutant '\(mutant.mistake)' is taken by :check for the mutant '\(other.mistake)' (line \(other.line)); make a visible check tell them apart")
        } else if feedback.mistake == nil {
            problem(file, mutant.line, "the mutant '\(mutant.mistake)' is not recognised by :check; it needs a visible close, property or gradient check")
        }
    }

    /// True when the exercise makes the student write at least ``longAnswer`` lines of their own.
    static func isLong(_ exercise: Exercise) -> Bool { ownLines(exercise) >= longAnswer }

    /// Lines of the solution, not blank or comments, that the starter does not already have.
    static func ownLines(_ exercise: Exercise) -> Int {
        func lines(_ code: String) -> [String] {
            code.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty && !$0.hasPrefix("#") && $0 != "}" }
        }
        let given = Set(lines(exercise.starter))
        return lines(exercise.solution).filter { !given.contains($0) }.count
    }

    func points(_ p: Double) -> String { p == p.rounded() ? String(Int(p)) : String(format: "%.2f", p) }

    func failed(_ report: ExerciseReport) -> String {
        ([report.error].compactMap { $0 } + report.checks.filter { !$0.passed }.map { "\($0.name): \($0.message)" }).joined(separator: "; ")
    }

    func passed(_ report: ExerciseReport) -> String {
        report.checks.filter(\.passed).map { "'\($0.name)'" }.joined(separator: ", ")
    }
}
