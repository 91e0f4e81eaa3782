import TensorLang

/// What `:check` tells a student about an answer: the visible checks, and the
/// known mistake the answer behaves like when it fails one.
public struct CheckFeedback: Sendable {
    /// The visible checks' results, in the lesson's order.
    public var results: [CheckResult]
    /// The lesson's mutant that the answer behaves like, if it fails a check.
    public var mistake: Mutant?
    /// How many hidden checks run only at grading.
    public var hiddenCount: Int

    public var passed: Bool { results.allSatisfy(\.passed) }
}

/// A mutant run once as a student would run it: which visible checks it passes,
/// and, for each visible check that compares values, what the mutant gives where
/// the reference would.
struct MutantRun {
    /// By index into the exercise's checks.
    var verdicts: [Int: Bool]
    var expectations: [Int: (kind: CheckKind, expectation: Expectation)]
}

extension Grader {
    /// Runs the visible checks of `exercise` on the student's session and, when
    /// one fails, looks for the known mistake the answer behaves like.
    ///
    /// An answer behaves like a mutant when every visible check that compares
    /// values (`close`, `property`, `gradient`, a question's answer) agrees with
    /// what the mutant gives in place of the reference's, and every other visible
    /// check gives the same verdict as it gives the mutant. Only visible checks take
    /// part, so the feedback tells nothing about hidden ones.
    public func feedback(for exercise: Exercise, in lesson: Lesson, student: Interpreter, studentCode: String,
                         calledBuiltins: Set<String>) -> CheckFeedback {
        let results = runChecks(exercise, in: lesson, student: student, studentCode: studentCode,
                                calledBuiltins: calledBuiltins, includeHidden: false)
        var feedback = CheckFeedback(results: results, mistake: nil, hiddenCount: exercise.checks.filter(\.hidden).count)
        guard !feedback.passed, case .success(let ready) = prepared(exercise, in: lesson) else { return feedback }
        let visible = exercise.checks.indices.filter { !exercise.checks[$0].hidden }
        let verdicts = Dictionary(uniqueKeysWithValues: zip(visible, results.map(\.passed)))
        feedback.mistake = exercise.mutants.indices.first { index in
            behaves(student, like: index, of: ready, in: lesson, verdicts: verdicts)
        }.map { exercise.mutants[$0] }
        return feedback
    }

    /// The builtins `code` calls (in its own functions too) when it runs from the
    /// lesson's state before `exercise`, in a fork of that state: what `uses` and
    /// `avoids` count for an answer whose calls were not traced alone, such as a
    /// notebook's, where the lesson's own cells ran in the same session.
    public func builtinsCalled(by code: String, for exercise: Exercise, in lesson: Lesson) -> Set<String> {
        guard case .success(let session) = studentSession(for: exercise, in: lesson) else { return [] }
        var called = Set<String>()
        _ = runTimed(code, in: session, tracing: { name, _ in called.insert(name) })
        session.globals.removeAll()
        return called
    }

    private func behaves(_ student: Interpreter, like index: Int, of ready: PreparedExercise, in lesson: Lesson, verdicts: [Int: Bool]) -> Bool {
        guard let run = mutantRun(index, of: ready, in: lesson) else { return false }
        let scope = checkScope(ready, student: student)
        defer { scope.globals.removeAll() }
        let context = CheckContext(scope: scope, clock: exerciseClock(), studentCode: "", calledBuiltins: [])
        var compared = false
        for (i, verdict) in verdicts {
            let spec = ready.exercise.checks[i]
            if let (kind, expectation) = run.expectations[i] {
                compared = true
                let probe = CheckSpec(kind: kind, points: 0, visibility: .hidden, source: spec.source, line: spec.line)
                if context.run(probe, expectation) != nil { return false }
            } else if verdict != run.verdicts[i] {
                return false
            }
        }
        return compared
    }

    /// The mutant's verdicts and values, computed once per mutant (nil when its code fails).
    private func mutantRun(_ index: Int, of ready: PreparedExercise, in lesson: Lesson) -> MutantRun? {
        let key = "\(lesson.number)-\(lesson.slug)/\(ready.exercise.id)/\(index)"
        if let cached = mutantRuns[key] { return cached }
        let code = ready.exercise.mutants[index].code
        let session = ready.lessonState.fork()
        defer { session.globals.removeAll() }
        var called = Set<String>()
        session.builtinCallObserver = { name, _ in called.insert(name) }
        let failure = exerciseClock().run(code, in: session)
        session.builtinCallObserver = nil
        var run: MutantRun?
        if failure == nil {
            let results = check(ready, in: lesson, student: session, earlierSessions: [], studentCode: code, called: called,
                                includeHidden: false, clock: exerciseClock())
            let visible = ready.exercise.checks.indices.filter { !ready.exercise.checks[$0].hidden }
            var expectations: [Int: (kind: CheckKind, expectation: Expectation)] = [:]
            for i in visible {
                guard let kind = ready.exercise.checks[i].kind.comparedWithMutant else { continue }
                let inputs = CheckInputs(seed: seed, exercise: ready.index, check: i)
                expectations[i] = (kind, Expectation.compute(kind, in: session, inputs: inputs, clock: lessonClock()))
            }
            run = MutantRun(verdicts: Dictionary(uniqueKeysWithValues: zip(visible, results.map(\.passed))), expectations: expectations)
        }
        mutantRuns[key] = .some(run)
        return run
    }
}

extension CheckKind {
    /// How a check compares a student's answer with a mutant: the same comparison
    /// with the mutant's values in place of the reference's. nil for checks that
    /// judge the student's session alone; for those the verdicts are compared instead.
    var comparedWithMutant: CheckKind? {
        switch self {
        case .close, .property, .gradient(nil, _, _, _):
            return self
        case .gradient(let backward?, _, let inputs, let rtol):
            // The mutant's backward function, not the reference's gradient, is what to match.
            return .property(function: backward, inputs: inputs, trials: 1, rtol: rtol, atol: 1e-9)
        case .answer(let name, _, let rtol):
            return .close(expression: name, rtol: rtol, atol: 1e-12)
        default:
            return nil
        }
    }
}
