import Foundation
import Courseware
import TensorLang

/// Lesson stepping inside a session: `:lesson`, `:next`, `:back`, `:run`,
/// `:hint`, `:check`, `:skip`, `:where`, `:progress`, `:reset-exercise`.
///
/// Everything else in the session keeps working while a lesson is open: the
/// student can evaluate anything, change W_hh and run a cell again.
public final class LessonStepper: SessionExtension {
    let library: LessonLibrary?
    let store: ProgressStore?
    var progress = Progress()
    /// A warning from loading the progress file, shown once.
    public private(set) var startupWarning: String?
    var lesson: Lesson?
    /// The execution count when the current step was entered: later inputs are the student's answer.
    var stepStartCount = 0
    /// Builtins the student called since entering the current step.
    var called = Set<String>()
    weak var session: Session?
    lazy var grader = Grader(makeInterpreter: Session.makeGradingInterpreter)

    /// - Parameters:
    ///   - store: where progress is saved; nil keeps it in memory only.
    public init(library: LessonLibrary?, store: ProgressStore?) {
        self.library = library
        self.store = store
        if let store {
            let loaded = store.load()
            progress = loaded.progress
            startupWarning = loaded.warning
        }
    }

    public func install(in session: Session) {
        self.session = session
        session.interpreter.builtinCallObserver = { [weak self] name in self?.called.insert(name) }
    }

    public var metaCommands: [MetaCommand] {
        func command(_ name: String, _ usage: String, _ summary: String, _ body: @escaping (LessonStepper, Session, String) throws -> Void) -> MetaCommand {
            MetaCommand(name, usage: usage, summary) { [unowned self] session, argument in
                try body(self, session, argument)
                return false
            }
        }
        return [
            command("lesson", ":lesson [N|NAME]", "list the lessons, or open one where you left it") { try $0.open($2, in: $1) },
            command("next", ":next", "go to the next step of the lesson and run its cell") { s, session, _ in try s.move(by: 1, in: session) },
            command("back", ":back", "go back one step") { s, session, _ in try s.move(by: -1, in: session) },
            command("run", ":run", "run the current step's cell again") { s, session, _ in try s.runCurrentCell(in: session) },
            command("hint", ":hint", "show the next hint for the current exercise") { s, session, _ in try s.hint(in: session) },
            command("check", ":check", "check your answer to the current exercise (visible checks)") { s, session, _ in try s.check(in: session) },
            command("skip", ":skip", "fill in the reference answer and go on") { s, session, _ in try s.skip(in: session) },
            command("where", ":where", "say which lesson and step you are at") { s, session, _ in try s.whereAmI(in: session) },
            command("progress", ":progress", "show your progress in every lesson") { s, session, _ in s.showProgress(in: session) },
            command("reset-exercise", ":reset-exercise", "put the current exercise's starter code back") { s, session, _ in try s.resetExercise(in: session) },
        ]
    }
}

// MARK: - Commands

extension LessonStepper {
    func open(_ query: String, in session: Session) throws {
        guard let library else { throw SessionError.usage("no lessons folder found; set UNROLL_LESSONS to the folder holding the lesson files") }
        if query.isEmpty {
            showList(library, in: session)
            return
        }
        let chosen = try library.find(query)
        lesson = chosen
        progress.current = chosen.slug
        let saved = progress.lessons[chosen.slug] ?? Progress.LessonProgress()
        let step = min(saved.step, max(chosen.steps.count - 1, 0))
        session.show("Lesson \(chosen.number): \(chosen.title)" + (step > 0 ? " (resuming at step \(step + 1) of \(chosen.steps.count))" : ""))
        // Bring the session to this point of the lesson: earlier cells, with reference answers for earlier exercises.
        for earlier in chosen.steps.prefix(step) {
            if let cell = earlier.cell { _ = session.runQuietly(code(of: cell, in: chosen)) }
        }
        try enter(step: step, in: session)
    }

    func showList(_ library: LessonLibrary, in session: Session) {
        let (lessons, errors) = library.load()
        var lines = ["Lessons (open one with :lesson N):"]
        for lesson in lessons {
            let done = progress.lessons[lesson.slug].map { $0.passed.count + $0.skipped.count } ?? 0
            let mark = lesson.exercises.isEmpty ? "" : "  [\(done)/\(lesson.exercises.count) exercises]"
            lines.append(String(format: "  %2d  ", lesson.number) + "\(lesson.title)  (\(lesson.slug))\(mark)")
        }
        for error in errors { lines.append("  !  \(error)") }
        session.show(lines.joined(separator: "\n"))
    }

    func currentLesson() throws -> Lesson {
        guard let lesson else { throw SessionError.usage("no lesson is open; start one with :lesson N (:lesson lists them)") }
        return lesson
    }

    var currentStep: Int {
        get { lesson.flatMap { progress.lessons[$0.slug]?.step } ?? 0 }
        set {
            guard let slug = lesson?.slug else { return }
            progress.lessons[slug, default: Progress.LessonProgress()].step = newValue
        }
    }

    /// The exercise of the current step, if it is one.
    func currentExercise() throws -> Exercise {
        let lesson = try currentLesson()
        guard case .starter(let id)? = lesson.steps[currentStep].cell?.role, let exercise = lesson.exercise(id) else {
            throw SessionError.usage("this step has no exercise; :next moves on")
        }
        return exercise
    }

    func move(by offset: Int, in session: Session) throws {
        let lesson = try currentLesson()
        let target = currentStep + offset
        guard target >= 0 else { throw SessionError.usage("this is the first step") }
        guard target < lesson.steps.count else {
            throw SessionError.usage("that was the last step of lesson \(lesson.number); :lesson \(lesson.number + 1) opens the next one")
        }
        if offset > 0, let exercise = try? currentExercise(), !isDone(exercise) {
            session.show("(moving on without finishing '\(exercise.id)'; :back returns to it, :skip fills in the reference)")
        }
        try enter(step: target, in: session)
    }

    /// Shows a step's prose and cell, and runs the cell unless it is an exercise.
    func enter(step index: Int, in session: Session) throws {
        let lesson = try currentLesson()
        currentStep = index
        save(in: session)
        let step = lesson.steps[index]
        let prose = step.prose.trimmingCharacters(in: .whitespacesAndNewlines)
        let header = "── step \(index + 1) of \(lesson.steps.count) ──"
        var bundle = MimeBundle(plain: header + (prose.isEmpty ? "" : "\n" + prose))
        bundle.data["text/markdown"] = prose
        session.emit(.display(bundle))
        stepStartCount = session.executionCount
        called = []
        guard let cell = step.cell else { return }
        switch cell.role {
        case .lesson:
            session.show(indent(cell.code))
            if let failure = session.run(cell.code) { throw failure }
        case .starter(let id):
            session.show(indent(cell.code) + "\n\nExercise '\(id)': write your answer, then :check (:hint for help, :skip to use the reference).")
            _ = session.run(cell.code)
        }
    }

    func runCurrentCell(in session: Session) throws {
        let lesson = try currentLesson()
        guard let cell = lesson.steps[currentStep].cell else { throw SessionError.usage("this step has no cell") }
        if let failure = session.run(cell.code) { throw failure }
    }

    func hint(in session: Session) throws {
        let exercise = try currentExercise()
        guard let slug = lesson?.slug else { return }
        let shown = progress.lessons[slug]?.hintsShown[exercise.id] ?? 0
        guard !exercise.hints.isEmpty else { throw SessionError.usage("this exercise has no hints; :skip shows the reference") }
        let index = min(shown, exercise.hints.count - 1)
        session.show("hint \(index + 1) of \(exercise.hints.count): \(exercise.hints[index])")
        progress.lessons[slug, default: Progress.LessonProgress()].hintsShown[exercise.id] = index + 1
        save(in: session)
    }

    func check(in session: Session) throws {
        let lesson = try currentLesson()
        let exercise = try currentExercise()
        let code = session.inputs.filter { $0.key >= stepStartCount }.sorted { $0.key < $1.key }
            .map(\.value).filter { MetaCommandLine($0) == nil }.joined(separator: "\n")
        let results = grader.runChecks(exercise, in: lesson, student: session.interpreter, studentCode: code,
                                       calledBuiltins: called, includeHidden: false)
        install(in: session)  // the grader borrowed the call observer
        let hidden = exercise.checks.filter(\.hidden).count
        var lines = results.map { ($0.passed ? "✓ " : "✗ ") + $0.name + ($0.passed ? "" : ": \($0.message)") }
        if results.allSatisfy(\.passed) {
            lines.append("all visible checks passed" + (hidden > 0 ? "; \(hidden) hidden check\(hidden == 1 ? "" : "s") run at grading" : "") + ". :next moves on.")
            progress.lessons[lesson.slug, default: Progress.LessonProgress()].passed.insert(exercise.id)
            save(in: session)
        } else {
            let failed = results.filter { !$0.passed }.count
            lines.append("\(failed) of \(results.count) visible checks failed; fix and :check again (:hint for help)")
        }
        session.show(lines.joined(separator: "\n"))
    }

    func skip(in session: Session) throws {
        let lesson = try currentLesson()
        let exercise = try currentExercise()
        session.show("the reference answer:\n" + indent(exercise.solution))
        if let failure = session.run(exercise.solution) { throw failure }
        progress.lessons[lesson.slug, default: Progress.LessonProgress()].skipped.insert(exercise.id)
        save(in: session)
        if currentStep + 1 < lesson.steps.count { try enter(step: currentStep + 1, in: session) }
    }

    func resetExercise(in session: Session) throws {
        let exercise = try currentExercise()
        stepStartCount = session.executionCount
        called = []
        session.show("starter code restored:\n" + indent(exercise.starter))
        _ = session.run(exercise.starter)
    }

    func whereAmI(in session: Session) throws {
        let lesson = try currentLesson()
        var text = "lesson \(lesson.number) (\(lesson.slug)): \(lesson.title), step \(currentStep + 1) of \(lesson.steps.count)"
        if let exercise = try? currentExercise() {
            text += "; exercise '\(exercise.id)' " + (isDone(exercise) ? "(done)" : "(not done yet)")
        }
        session.show(text)
    }

    func showProgress(in session: Session) {
        guard let library else { return session.show("no lessons folder found") }
        let lessons = library.load().lessons
        let rows = lessons.map { lesson -> [String] in
            let p = progress.lessons[lesson.slug]
            return ["\(lesson.number)", lesson.slug, p.map { "\($0.step + 1)/\(lesson.steps.count)" } ?? "—",
                    "\(p?.passed.count ?? 0) passed, \(p?.skipped.count ?? 0) skipped of \(lesson.exercises.count)"]
        }
        let table = TextTable(header: ["#", "lesson", "step", "exercises"], rows: rows)
        session.show(table.plain, html: table.html)
    }

    // MARK: Helpers

    func isDone(_ exercise: Exercise) -> Bool {
        guard let p = lesson.flatMap({ progress.lessons[$0.slug] }) else { return false }
        return p.passed.contains(exercise.id) || p.skipped.contains(exercise.id)
    }

    /// A cell's code when replaying a lesson: exercises use their reference answers.
    func code(of cell: Cell, in lesson: Lesson) -> String {
        switch cell.role {
        case .lesson: return cell.code
        case .starter(let id): return lesson.exercise(id)?.solution ?? cell.code
        }
    }

    func save(in session: Session) {
        guard let store else { return }
        do { try store.save(progress) } catch { session.emit(.stream(name: "stderr", text: "warning: could not save progress: \(error.localizedDescription)\n")) }
    }

    func indent(_ code: String) -> String {
        code.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }.joined(separator: "\n")
    }
}

extension Session {
    /// A fresh interpreter for grading: every library a lesson may call, with
    /// pictures discarded.
    public static func makeGradingInterpreter() -> Interpreter {
        let interpreter = Interpreter()
        interpreter.addLibrary("Plots", PlotLibrary.builtins(show: { _ in }))
        return interpreter
    }
}
