import TensorLang

/// An exercise ready to be graded: where the student's code starts, and where
/// the reference stands once it has answered.
struct PreparedExercise {
    let exercise: Exercise
    /// Its position in the lesson (it seeds the check inputs).
    let index: Int
    /// The lesson's state just before the exercise, reached without running any
    /// reference solution. Each student session is a fork of it, and so is the scope
    /// checks run in.
    let lessonState: Interpreter
    /// The reference's state right after the exercise's solution: expected values come from here.
    let reference: Interpreter
    /// The names the reference solution binds; checks take the student's values of them.
    let answerNames: Set<String>
}

/// Walks a lesson once, cell by cell, in two sessions:
///
/// - the **lesson state** runs the lesson's own cells and never a reference solution.
///   After an exercise it receives copies (values, never functions) of the names that
///   exercise's solution `gives=`, and the reference's random generator state.
/// - the **reference state** runs the same cells with every reference solution in
///   place, as a student who solved everything would.
///
/// A student's code therefore reaches the lesson's state, the given names and the
/// student's own earlier answers, and nothing a reference solution or a check computed.
final class LessonWorlds {
    let lesson: Lesson
    private let lessonState: Interpreter
    private let referenceState: Interpreter
    /// Seconds each lesson cell and reference solution may run (lesson code is trusted;
    /// the limit only turns a mistake in it into a message).
    private let clock: () -> ExerciseClock
    private var nextStep = 0
    /// Why nothing after a certain cell can be prepared.
    private var stopped: Grader.LessonBug?
    private var ready: [String: Result<PreparedExercise, Grader.LessonBug>] = [:]

    init(_ lesson: Lesson, makeInterpreter: () -> Interpreter, clock: @escaping () -> ExerciseClock) {
        self.lesson = lesson
        lessonState = makeInterpreter()
        referenceState = makeInterpreter()
        self.clock = clock
    }

    /// The prepared state of `exercise`, walking the lesson as far as needed.
    func prepared(_ exercise: Exercise) -> Result<PreparedExercise, Grader.LessonBug> {
        while ready[exercise.id] == nil, stopped == nil, nextStep < lesson.steps.count {
            advance()
        }
        return ready[exercise.id] ?? .failure(stopped ?? Grader.LessonBug(message: "the lesson has no exercise '\(exercise.id)'"))
    }

    private func advance() {
        let step = lesson.steps[nextStep]
        nextStep += 1
        guard let cell = step.cell else { return }
        switch cell.role {
        case .lesson:
            if let failure = clock().run(cell.code, in: referenceState) {
                stopped = Grader.LessonBug(message: "the cell at line \(cell.line) fails: \(failure)")
            } else if let failure = clock().run(cell.code, in: lessonState) {
                stopped = Grader.LessonBug(message: "the cell at line \(cell.line) fails where students' answers run: \(failure). "
                    + "If it uses an earlier exercise's answer, name it in that exercise's solution block: solution=ID gives=NAME")
            }
        case .starter(let id):
            guard let exercise = lesson.exercise(id), let index = lesson.exercises.firstIndex(where: { $0.id == id }) else { return }
            let before = lessonState.fork()
            if let failure = clock().run(exercise.solution, in: referenceState) {
                ready[id] = .failure(Grader.LessonBug(message: "the reference solution fails: \(failure)"))
                return
            }
            ready[id] = .success(PreparedExercise(exercise: exercise, index: index, lessonState: before,
                                                  reference: referenceState.fork(), answerNames: AnswerNames.of(exercise.solution)))
            hand(exercise.gives, of: exercise)
            lessonState.copyRandomState(from: referenceState)
        }
    }

    /// Copies the names an exercise gives from the reference state into the lesson state.
    private func hand(_ names: [String], of exercise: Exercise) {
        for name in names {
            guard let value = referenceState.globals.values[name] else {
                stopped = Grader.LessonBug(message: "exercise '\(exercise.id)' gives '\(name)', which its solution does not define")
                return
            }
            guard let copy = value.detachedCopy else {
                stopped = Grader.LessonBug(message: "exercise '\(exercise.id)' gives '\(name)', which is (or holds) a function; "
                    + "only values can be given, so define the function in a lesson cell after the exercise")
                return
            }
            lessonState.globals.define(name, copy)
        }
    }
}
