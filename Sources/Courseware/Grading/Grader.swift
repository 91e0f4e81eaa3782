import Foundation
import TensorCore
import TensorLang

/// Limits that keep one student's code from stalling a whole class's grading.
public struct GradingLimits: Sendable {
    /// Seconds the student's code for one exercise may run.
    public var secondsPerExercise: Double = 10

    public init(secondsPerExercise: Double = 10) {
        self.secondsPerExercise = secondsPerExercise
    }
}

/// Grades exercises by running the student's code and the reference solution
/// in separate fresh sessions and comparing them check by check.
///
/// Each exercise starts from the lesson's cells up to it (earlier exercises
/// filled in with their reference solutions), so exercises are independent:
/// a broken answer to one never costs points on another.
public final class Grader {
    public var limits: GradingLimits
    let makeInterpreter: () -> Interpreter
    /// Reference sessions by exercise, reused across submissions.
    private var referenceCache: [String: Result<Interpreter, LessonBug>] = [:]
    /// Each exercise's prepared starting state; every student gets a fork of it.
    private var setupCache: [String: Result<Interpreter, LessonBug>] = [:]
    /// Each mutant's session and verdicts (nil when its code fails), for `feedback`.
    var mutantRuns: [String: MutantRun?] = [:]

    /// - Parameter makeInterpreter: creates a fresh session with every library a
    ///   lesson may call (front-ends add plotting; grading discards the pictures).
    public init(limits: GradingLimits = GradingLimits(), makeInterpreter: @escaping () -> Interpreter = { Interpreter() }) {
        self.limits = limits
        self.makeInterpreter = makeInterpreter
    }

    /// A mistake in the lesson itself (its setup or reference solution fails).
    public struct LessonBug: Error { public var message: String }

    /// Grades every exercise of `lesson` in `submission`, visible and hidden checks alike.
    public func grade(_ lesson: Lesson, _ submission: Submission) -> GradeReport {
        let start = DispatchTime.now().uptimeNanoseconds
        let exercises = lesson.exercises.map { exercise in
            gradeExercise(exercise, in: lesson, code: submission.answers[exercise.id])
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        return GradeReport(lesson: "\(lesson.number) (\(lesson.slug))", exercises: exercises, problems: submission.problems, executionTime: seconds)
    }

    /// Runs the student's `code` for `exercise` in a fresh session and checks it.
    public func gradeExercise(_ exercise: Exercise, in lesson: Lesson, code: String?) -> ExerciseReport {
        func failAll(_ message: String) -> ExerciseReport {
            ExerciseReport(id: exercise.id, title: exercise.title,
                           checks: exercise.checks.map { result($0, false, $0.hidden ? "not run: \(message)" : message) }, error: message)
        }
        guard let code else { return failAll("no answer was submitted for this exercise") }
        let student: Interpreter
        switch prepare(exercise, in: lesson) {
        case .failure(let bug): return failAll("the lesson could not be set up: \(bug.message)")
        case .success(let fresh): student = fresh
        }
        var called = Set<String>()
        if let failure = runTimed(code, in: student, tracing: { name, _ in called.insert(name) }) {
            student.globals.removeAll()
            return failAll(failure)
        }
        let checks = runChecks(exercise, in: lesson, student: student, studentCode: code, calledBuiltins: called, includeHidden: true)
        student.globals.removeAll()  // breaks function ↔ frame cycles, so the session is freed
        return ExerciseReport(id: exercise.id, title: exercise.title, checks: checks, error: nil)
    }

    /// Runs the checks of `exercise` against a session the student has worked in
    /// (the REPL's `:check` passes its live session and includes no hidden checks).
    public func runChecks(_ exercise: Exercise, in lesson: Lesson, student: Interpreter, studentCode: String,
                          calledBuiltins: Set<String>, includeHidden: Bool) -> [CheckResult] {
        let reference: Interpreter
        switch referenceSession(exercise, in: lesson) {
        case .failure(let bug):
            return exercise.checks.filter { includeHidden || !$0.hidden }.map { result($0, false, "the lesson's reference solution fails: \(bug.message)") }
        case .success(let ready): reference = ready
        }
        var context = CheckContext(student: student, reference: reference, studentCode: studentCode,
                                   calledBuiltins: calledBuiltins, timeLimit: limits.secondsPerExercise)
        let specs = exercise.checks.filter { includeHidden || !$0.hidden }
        // Usage checks run last, so builtins called by the student's functions
        // while other checks run them (a property check calling `step`) count too.
        var failures: [Int: String?] = [:]
        // Only calls from inside functions count here: a check's own expression
        // (`norm(dbh - grad(L, bh))`) is not the student's code.
        var called = calledBuiltins
        student.builtinCallObserver = { name, insideFunction in if insideFunction { called.insert(name) } }
        for (i, spec) in specs.enumerated() where !spec.kind.isUsage { failures[i] = context.run(spec) }
        student.builtinCallObserver = nil
        context.calledBuiltins = called
        for (i, spec) in specs.enumerated() where spec.kind.isUsage { failures[i] = context.run(spec) }
        // A usage check judges how an answer computes, so it counts only once the answer
        // computes something right: a starter or a wrong answer earns nothing for what it avoids.
        let comparing = specs.indices.filter { specs[$0].kind.comparesWithReference }
        if !comparing.isEmpty, comparing.allSatisfy({ (failures[$0] ?? nil) != nil }) {
            for (i, spec) in specs.enumerated() where spec.kind.isUsage && (failures[i] ?? nil) == nil {
                failures[i] = "not counted until your answer passes a check that compares it with the reference"
            }
        }
        return specs.enumerated().map { i, spec in
            let failure = failures[i] ?? nil
            return result(spec, failure == nil, failure ?? "")
        }
    }

    private func result(_ spec: CheckSpec, _ passed: Bool, _ message: String) -> CheckResult {
        CheckResult(name: spec.source, passed: passed, points: passed ? spec.points : 0, maxPoints: spec.points, hidden: spec.hidden, message: message)
    }

    /// A fresh session holding the lesson's state just before `exercise`: a
    /// fork of a state prepared once, so the lesson's cells run once per exercise
    /// however many students are graded.
    public func prepare(_ exercise: Exercise, in lesson: Lesson) -> Result<Interpreter, LessonBug> {
        let key = "\(lesson.number)/\(exercise.id)"
        let prepared = setupCache[key] ?? runSetup(exercise, in: lesson)
        setupCache[key] = prepared
        return prepared.map { $0.fork() }
    }

    /// Runs the lesson's cells before `exercise` (earlier exercises with their reference answers).
    private func runSetup(_ exercise: Exercise, in lesson: Lesson) -> Result<Interpreter, LessonBug> {
        let session = makeInterpreter()
        for step in lesson.steps.prefix(exercise.stepIndex) {
            guard let cell = step.cell else { continue }
            let code: String
            switch cell.role {
            case .lesson: code = cell.code
            case .starter(let id): code = lesson.exercise(id)?.solution ?? ""
            }
            if let failure = runTimed(code, in: session, tracing: nil) {
                return .failure(LessonBug(message: "the cell at line \(cell.line) fails: \(failure)"))
            }
        }
        return .success(session)
    }

    private func referenceSession(_ exercise: Exercise, in lesson: Lesson) -> Result<Interpreter, LessonBug> {
        let key = "\(lesson.number)/\(exercise.id)"
        if let cached = referenceCache[key] { return cached }
        let made = prepare(exercise, in: lesson).flatMap { session -> Result<Interpreter, LessonBug> in
            if let failure = runTimed(exercise.solution, in: session, tracing: nil) {
                return .failure(LessonBug(message: failure))
            }
            return .success(session)
        }
        referenceCache[key] = made
        return made
    }

    /// Runs code under the time limit; returns a message if it failed.
    func runTimed(_ code: String, in session: Interpreter, tracing: ((String, Bool) -> Void)?) -> String? {
        runWithDeadline(code, in: session, seconds: limits.secondsPerExercise, tracing: tracing)
    }
}

/// Runs `code` with no output sink, interrupting it after `seconds`.
func executeWithDeadline(_ code: String, in session: Interpreter, seconds: Double) -> [Output] {
    let flag = session.interrupt
    // The watchdog only ever sets the session's interrupt flag, which is thread-safe;
    // a late firing is harmless because every execute starts by clearing the flag.
    let watchdog = DispatchWorkItem { flag.request() }
    DispatchQueue.global().asyncAfter(deadline: .now() + seconds, execute: watchdog)
    defer { watchdog.cancel() }
    session.sink = nil
    return session.execute(code)
}

/// Runs `code`, interrupting it after `seconds`; returns the error message, if any.
func runWithDeadline(_ code: String, in session: Interpreter, seconds: Double, tracing: ((String, Bool) -> Void)?) -> String? {
    session.builtinCallObserver = tracing
    let outputs = executeWithDeadline(code, in: session, seconds: seconds)
    session.builtinCallObserver = nil
    for case .error(let diagnostic, let source) in outputs {
        if diagnostic.kind == .interrupted {
            return "stopped after the time limit of \(Int(seconds)) s (an infinite loop?)"
        }
        let position = diagnostic.span.lineAndColumn(in: source)
        return "line \(position.line):\(position.column): \(diagnostic.kind.rawValue) error: \(diagnostic.message)"
    }
    return nil
}
