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

/// A mutant run once in its own session: what the answer that makes the
/// mistake computes, and which visible checks it passes.
struct MutantRun {
    var session: Interpreter
    var verdicts: [Bool]
}

extension Grader {
    /// Runs the visible checks of `exercise` on the student's session and, when
    /// one fails, looks for the known mistake the answer behaves like.
    ///
    /// An answer behaves like a mutant when every visible check that compares
    /// values (`close`, `property`, `gradient B of F`, a question's answer) agrees
    /// with the mutant's session in place of the reference's, and every other
    /// visible check gives the same verdict as it gives the mutant. Only visible
    /// checks take part, so the feedback tells nothing about hidden ones.
    public func feedback(for exercise: Exercise, in lesson: Lesson, student: Interpreter, studentCode: String,
                         calledBuiltins: Set<String>) -> CheckFeedback {
        let results = runChecks(exercise, in: lesson, student: student, studentCode: studentCode,
                                calledBuiltins: calledBuiltins, includeHidden: false)
        var feedback = CheckFeedback(results: results, mistake: nil, hiddenCount: exercise.checks.filter(\.hidden).count)
        guard !feedback.passed else { return feedback }
        let verdicts = results.map(\.passed)
        feedback.mistake = exercise.mutants.indices.first { index in
            behaves(student, like: index, of: exercise, in: lesson, verdicts: verdicts)
        }.map { exercise.mutants[$0] }
        return feedback
    }

    private func behaves(_ student: Interpreter, like index: Int, of exercise: Exercise, in lesson: Lesson, verdicts: [Bool]) -> Bool {
        guard let run = mutantRun(index, of: exercise, in: lesson) else { return false }
        let context = CheckContext(student: student, reference: run.session, studentCode: "", calledBuiltins: [],
                                   timeLimit: limits.secondsPerExercise)
        var compared = false
        for (i, spec) in exercise.checks.filter({ !$0.hidden }).enumerated() {
            if let kind = spec.kind.comparedWithMutant {
                compared = true
                let probe = CheckSpec(kind: kind, points: 0, hidden: true, source: spec.source, line: spec.line)
                if context.run(probe) != nil { return false }
            } else if verdicts[i] != run.verdicts[i] {
                return false
            }
        }
        return compared
    }

    /// The mutant's session and verdicts, computed once per mutant.
    private func mutantRun(_ index: Int, of exercise: Exercise, in lesson: Lesson) -> MutantRun? {
        let key = "\(lesson.number)/\(exercise.id)/\(index)"
        if let cached = mutantRuns[key] { return cached }
        var run: MutantRun?
        if case .success(let session) = prepare(exercise, in: lesson) {
            let code = exercise.mutants[index].code
            var called = Set<String>()
            if runTimed(code, in: session, tracing: { name, _ in called.insert(name) }) == nil {
                let judged = session.fork()
                let results = runChecks(exercise, in: lesson, student: judged, studentCode: code, calledBuiltins: called, includeHidden: false)
                judged.globals.removeAll()
                run = MutantRun(session: session, verdicts: results.map(\.passed))
            }
        }
        mutantRuns[key] = .some(run)
        return run
    }
}

extension CheckKind {
    /// How a check compares a student's answer with a mutant: the same comparison
    /// with the mutant's session as the reference. nil for checks that judge the
    /// student's session alone; for those the verdicts are compared instead.
    var comparedWithMutant: CheckKind? {
        switch self {
        case .close, .property:
            return self
        case .gradient(let backward?, _, let shapes, let rtol):
            // The mutant's backward function, not the reference's gradient, is what to match.
            return .property(function: backward, inputShapes: shapes, trials: 1, rtol: rtol, atol: 1e-9)
        case .answer(let name, _, let rtol):
            return .close(expression: name, rtol: rtol, atol: 1e-12)
        default:
            return nil
        }
    }
}
