import Foundation
import TensorCore
import TensorLang

/// Limits that keep one student's code from stalling a whole class's grading.
public struct GradingLimits: Sendable {
    /// Seconds one exercise may take: the student's code and every check that runs it.
    public var secondsPerExercise: Double = 10
    /// Seconds each lesson cell and reference solution may take while a lesson is prepared.
    public var secondsPerLessonCell: Double = 300

    public init(secondsPerExercise: Double = 10, secondsPerLessonCell: Double = 300) {
        self.secondsPerExercise = secondsPerExercise
        self.secondsPerLessonCell = secondsPerLessonCell
    }
}

/// Grades exercises by running the student's code where the lesson's own state is,
/// and comparing it, check by check, with what the reference solution gives.
///
/// Isolation (lessons/README.md, "How grading keeps answers safe"):
/// - a student's code for an exercise starts from the lesson's cells up to it, the
///   names earlier exercises *give*, and the names the student's own earlier answers
///   defined; never from a reference solution (``LessonWorlds``);
/// - checks evaluate in a scope with the lesson's state and builtins, holding only the
///   student's values of the exercise's answer names (``CheckContext``);
/// - expected values are computed once per run in the reference state, and property
///   and gradient inputs are drawn from ``seed``, chosen per run and recorded in the report.
///
/// A broken answer to one exercise never costs points on another.
public final class Grader {
    public var limits: GradingLimits
    /// Chooses the inputs of property and gradient checks; recorded in every report,
    /// so an instructor can replay a run.
    public let seed: UInt64
    let makeInterpreter: () -> Interpreter
    private var worlds: [String: LessonWorlds] = [:]
    private var expectations: [String: [Expectation]] = [:]
    /// Each mutant's session, expectations and verdicts (nil when its code fails), for `feedback`.
    var mutantRuns: [String: MutantRun?] = [:]

    /// - Parameters:
    ///   - seed: the run's seed; a fresh unpredictable one by default.
    ///   - makeInterpreter: creates a fresh session with every library a lesson may call.
    public init(limits: GradingLimits = GradingLimits(), seed: UInt64 = Grader.randomSeed(),
                makeInterpreter: @escaping () -> Interpreter = { Interpreter() }) {
        self.limits = limits
        self.seed = seed
        self.makeInterpreter = makeInterpreter
    }

    /// A seed nobody can guess before the run (twelve digits, easy to type back).
    public static func randomSeed() -> UInt64 { UInt64.random(in: 0..<1_000_000_000_000) }

    /// A mistake in the lesson itself (a cell or a reference solution fails).
    public struct LessonBug: Error { public var message: String }

    /// Runs the lesson's cells and reference solutions and computes every check's
    /// expected values now, so that grading a submission afterwards only runs the
    /// student's code. A grading process calls it once before it forks.
    public func prepare(_ lesson: Lesson) {
        for exercise in lesson.exercises { _ = expected(exercise, in: lesson) }
    }

    /// Grades every exercise of `lesson` in `submission`, visible and hidden checks alike.
    public func grade(_ lesson: Lesson, _ submission: Submission) -> GradeReport {
        let start = ContinuousClock.now
        let attempt = Attempt(grader: self, lesson: lesson, submission: submission)
        let exercises = lesson.exercises.map { attempt.grade($0) }
        attempt.finish()
        let elapsed = ContinuousClock.now - start
        return GradeReport(lesson: lesson, exercises: exercises, problems: submission.problems,
                           executionTime: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18, seed: seed)
    }

    /// Grades one exercise on its own (no earlier answers of the student's). With
    /// `evenIfStarter`, an unchanged starter is judged by the checks like any other
    /// answer (a lesson author's tools use it to see that the starter earns nothing).
    public func gradeExercise(_ exercise: Exercise, in lesson: Lesson, code: String?, evenIfStarter: Bool = false) -> ExerciseReport {
        let attempt = Attempt(grader: self, lesson: lesson, submission: Submission(answers: code.map { [exercise.id: $0] } ?? [:]))
        attempt.judgesUnchangedStarters = evenIfStarter
        defer { attempt.finish() }
        return attempt.grade(exercise)
    }

    /// Runs the visible (and, with `includeHidden`, hidden) checks of `exercise` against a
    /// session the student has worked in: the REPL's `:check` passes its live session.
    public func runChecks(_ exercise: Exercise, in lesson: Lesson, student: Interpreter, studentCode: String,
                          calledBuiltins: Set<String>, includeHidden: Bool) -> [CheckResult] {
        let chosen = exercise.checks.filter { includeHidden || !$0.hidden }
        switch prepared(exercise, in: lesson) {
        case .failure(let bug):
            return chosen.map { CheckResult($0, CheckFailure(.lessonBug, "the lesson could not be set up: \(bug.message)")) }
        case .success(let ready):
            return check(ready, in: lesson, student: student, earlierSessions: [], studentCode: studentCode,
                         called: calledBuiltins, includeHidden: includeHidden, clock: exerciseClock())
        }
    }

    /// A report giving 0 for every check of `exercise`, saying why (e.g. its grading process was killed).
    public static func unfinished(_ exercise: Exercise, reason: String) -> ExerciseReport {
        ExerciseReport(id: exercise.id, title: exercise.title,
                       checks: exercise.checks.map { CheckResult($0, CheckFailure(.notRun, "not run: \(reason)")) }, error: reason)
    }

    // MARK: - Internals

    func exerciseClock() -> ExerciseClock { ExerciseClock(seconds: limits.secondsPerExercise) }

    /// The clock for lesson cells and reference solutions.
    func lessonClock() -> ExerciseClock { ExerciseClock(seconds: limits.secondsPerLessonCell) }

    func prepared(_ exercise: Exercise, in lesson: Lesson) -> Result<PreparedExercise, LessonBug> {
        let key = "\(lesson.number)-\(lesson.slug)"
        let walk = worlds[key] ?? LessonWorlds(lesson, makeInterpreter: makeInterpreter, clock: { [limits] in
            ExerciseClock(seconds: limits.secondsPerLessonCell)
        })
        worlds[key] = walk
        return walk.prepared(exercise)
    }

    func expected(_ exercise: Exercise, in lesson: Lesson) -> Result<(PreparedExercise, [Expectation]), LessonBug> {
        prepared(exercise, in: lesson).map { ready in
            let key = "\(lesson.number)-\(lesson.slug)/\(exercise.id)"
            if let known = expectations[key] { return (ready, known) }
            let computed = Expectation.all(for: ready, in: ready.reference, seed: seed, clock: lessonClock)
            expectations[key] = computed
            return (ready, computed)
        }
    }

    /// Runs the checks of a prepared exercise against the student's session (whose
    /// functions may call helpers the student defined in `earlierSessions`).
    func check(_ ready: PreparedExercise, in lesson: Lesson, student: Interpreter, earlierSessions: [Interpreter], studentCode: String,
               called: Set<String>, includeHidden: Bool, clock: ExerciseClock) -> [CheckResult] {
        let specs = ready.exercise.checks
        let chosen = specs.indices.filter { includeHidden || !specs[$0].hidden }
        guard case .success(let (_, expectations)) = expected(ready.exercise, in: lesson) else {
            return chosen.map { CheckResult(specs[$0], CheckFailure(.lessonBug, "the lesson's reference could not be prepared")) }
        }
        let scope = checkScope(ready, student: student)
        defer { scope.globals.removeAll() }  // breaks function ↔ frame cycles, so the scope is freed
        // Builtins count as the student's while the student's own functions run.
        let studentFrames = [student.globals] + earlierSessions.map(\.globals)
        var calls = called
        scope.builtinCallObserver = { name, caller in
            if let caller, studentFrames.contains(where: { caller.isInside($0) }) { calls.insert(name) }
        }
        var context = CheckContext(scope: scope, clock: clock, studentCode: studentCode, calledBuiltins: called)
        // Usage checks run last, so calls made while other checks run the student's functions count too.
        var failures: [Int: CheckFailure] = [:]
        for i in chosen where !specs[i].kind.isUsage {
            failures[i] = context.run(specs[i], expectations[i])
        }
        scope.builtinCallObserver = nil
        context.calledBuiltins = calls
        for i in chosen where specs[i].kind.isUsage {
            failures[i] = context.run(specs[i], expectations[i])
        }
        // Checks of form count only next to a right value.
        let valueChecks = chosen.filter { specs[$0].kind.comparesWithReference }
        if !valueChecks.isEmpty, valueChecks.allSatisfy({ failures[$0] != nil }) {
            for i in chosen where !specs[i].kind.comparesWithReference && failures[i] == nil {
                failures[i] = .notCounted
            }
        }
        return chosen.map { CheckResult(specs[$0], failures[$0]) }
    }

    /// Where checks run: a fork of the lesson state before the exercise, holding the
    /// student's values of the exercise's answer names and nothing else of the student's.
    func checkScope(_ ready: PreparedExercise, student: Interpreter) -> Interpreter {
        let scope = ready.lessonState.fork()
        for name in ready.answerNames {
            if let value = student.globals.values[name] { scope.globals.define(name, value) }
        }
        scope.copyRandomState(from: student)
        return scope
    }

    /// A session where a student's answer to `exercise` starts: the lesson's state
    /// before it (for tools such as `unroll lesson check`, which try answers as a student would).
    public func studentSession(for exercise: Exercise, in lesson: Lesson) -> Result<Interpreter, LessonBug> {
        prepared(exercise, in: lesson).map { $0.lessonState.fork() }
    }

    /// Runs `code` in `session` under the exercise time limit, telling `tracing` each
    /// builtin called; the error message, if any.
    public func runTimed(_ code: String, in session: Interpreter, tracing: ((String, Environment?) -> Void)?) -> String? {
        session.builtinCallObserver = tracing
        defer { session.builtinCallObserver = nil }
        return exerciseClock().run(code, in: session)
    }

    /// One submission being graded exercise by exercise. Names the student's earlier
    /// answers defined (helper functions, say) are there for the later ones, unless the
    /// lesson itself defines the same name by then.
    public final class Attempt {
        let grader: Grader
        let lesson: Lesson
        let submission: Submission
        private var carried: [String: Value] = [:]
        private var sessions: [Interpreter] = []
        /// Whether an unchanged starter is run and checked (it scores 0 unseen otherwise).
        var judgesUnchangedStarters = false

        public init(grader: Grader, lesson: Lesson, submission: Submission) {
            self.grader = grader
            self.lesson = lesson
            self.submission = submission
        }

        /// Runs the student's answer to `exercise` and its checks.
        public func grade(_ exercise: Exercise) -> ExerciseReport {
            guard let code = submission.answers[exercise.id] else {
                return Grader.unfinished(exercise, reason: "no answer was submitted for this exercise")
            }
            if !judgesUnchangedStarters, exercise.question == nil, exercise.isStarter(code) {
                return Grader.unfinished(exercise, reason: "this is the starter code, unchanged; an answer earns points once you have changed it")
            }
            let ready: PreparedExercise
            switch grader.prepared(exercise, in: lesson) {
            case .failure(let bug): return Grader.unfinished(exercise, reason: "the lesson could not be set up: \(bug.message)")
            case .success(let prepared): ready = prepared
            }
            let clock = grader.exerciseClock()
            let student = ready.lessonState.fork()
            sessions.append(student)
            let lessonNames = ready.lessonState.globals.values
            for (name, value) in carried where lessonNames[name] == nil { student.globals.define(name, value) }
            var called = Set<String>()
            student.builtinCallObserver = { name, _ in called.insert(name) }
            let failure = clock.run(code, in: student)
            student.builtinCallObserver = nil
            for (name, value) in student.globals.values where lessonNames[name] == nil { carried[name] = value }
            if let failure { return Grader.unfinished(exercise, reason: failure) }
            let checks = grader.check(ready, in: lesson, student: student, earlierSessions: Array(sessions.dropLast()), studentCode: code,
                                      called: called, includeHidden: true, clock: clock)
            return ExerciseReport(id: exercise.id, title: exercise.title, checks: checks, error: nil)
        }

        /// Frees the sessions of this submission (functions and their frames hold each other).
        public func finish() {
            for session in sessions { session.globals.removeAll() }
            sessions = []
            carried = [:]
        }
    }
}

extension Exercise {
    /// Whether `code` is the starter with nothing changed but comments, spacing and blank lines.
    public func isStarter(_ code: String) -> Bool {
        func tokens(_ text: String) -> [TokenKind]? {
            (try? Lexer.tokenize(text))?.map(\.kind).filter { $0 != .newline && $0 != .endOfInput }
        }
        guard let mine = tokens(code), let given = tokens(starter) else { return false }
        return mine == given
    }
}

extension CheckResult {
    init(_ spec: CheckSpec, _ failure: CheckFailure?) {
        self.init(name: spec.source, passed: failure == nil, points: failure == nil ? spec.points : 0, maxPoints: spec.points,
                  hidden: spec.hidden, message: failure?.message(for: spec.visibility) ?? "")
    }
}
