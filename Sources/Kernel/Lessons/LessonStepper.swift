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
    /// Set by `:lesson N --attach` (a notebook): the notebook's own cells run the lesson.
    var attached = false
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
        // Only a lesson's exercise reads which builtins were called; outside one, a call
        // costs no set insertion.
        session.interpreter.builtinCallObserver = { [weak self] name, _ in
            guard let self, self.lesson != nil else { return }
            self.called.insert(name)
        }
    }

    public var metaCommands: [MetaCommand] {
        func command(_ name: String, _ usage: String, _ summary: String, _ body: @escaping (LessonStepper, Session, String) throws -> Void) -> MetaCommand {
            MetaCommand(name, usage: usage, summary) { [unowned self] session, argument in
                try body(self, session, argument)
                return false
            }
        }
        return [
            command("lesson", ":lesson [N|NAME] [--attach]", "list the lessons, or open one where you left it (--attach: only make its exercises checkable, as notebooks do)") { try $0.open($2, in: $1) },
            command("next", ":next", "go to the next step of the lesson and run its cell") { s, session, _ in try s.move(by: 1, in: session) },
            command("back", ":back", "go back one step") { s, session, _ in try s.move(by: -1, in: session) },
            command("run", ":run", "run the current step's cell again") { s, session, _ in try s.runCurrentCell(in: session) },
            command("hint", ":hint", "show the next hint for the current exercise") { s, session, _ in try s.hint(in: session) },
            command("check", ":check [ID]", "check your answer to the current exercise, or to exercise ID (visible checks)") { s, session, id in try s.check(id, in: session) },
            command("answer", ":answer [ID] ANSWER", "answer the current concept question (a choice such as b, or a number), or question ID, and check it") { s, session, text in try s.answer(text, in: session) },
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
        let words = query.split(separator: " ").map(String.init)
        let chosen = try library.find(words[0])
        if words.dropFirst().contains("--attach") {
            // Notebook mode: the notebook's own cells run the lesson; :check ID checks exercises.
            lesson = chosen
            attached = true
            stepStartCount = 1
            called = []
            session.show("Lesson \(chosen.number): \(chosen.title). Check an exercise with :check ID (" + chosen.exercises.map(\.id).joined(separator: ", ") + ").")
            return
        }
        lesson = chosen
        attached = false
        progress.current = chosen.slug
        let saved = progress.lessons[chosen.slug] ?? Progress.LessonProgress()
        let step = min(max(saved.step, 0), max(chosen.steps.count - 1, 0))
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

    /// The current step's index, always a valid index into the open lesson's steps
    /// (the saved number may come from an older, longer version of the lesson).
    var currentStep: Int {
        get {
            guard let lesson, let saved = progress.lessons[lesson.slug]?.step else { return 0 }
            return min(max(saved, 0), max(lesson.steps.count - 1, 0))
        }
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
        guard target >= 0 else { throw SessionError.usage("this is the first step of lesson \(lesson.number); :next moves on") }
        guard target < lesson.steps.count else {
            throw SessionError.usage("that was the last step of lesson \(lesson.number); :lesson \(lesson.number + 1) opens the next one")
        }
        if offset > 0, let exercise = try? currentExercise(), !isDone(exercise) {
            session.emit(.stream(name: "stderr", text: "note: moving on without finishing '\(exercise.id)'; :back returns to it, :skip fills in the reference\n"))
        }
        try enter(step: target, in: session)
    }

    /// Shows a step's prose and cell, and runs the cell unless it is an exercise.
    func enter(step index: Int, in session: Session) throws {
        let lesson = try currentLesson()
        currentStep = index
        save(in: session)
        let step = lesson.steps[index]
        let proseIndex = session.gathered.count
        session.emit(.display(proseBundle(step: index, of: lesson)))
        stepStartCount = session.executionCount
        called = []
        guard let cell = step.cell else { return }
        switch cell.role {
        case .lesson:
            session.emit(.display(codeBundle(cell.code)))
            try runCell(cell.code, step: index, of: lesson, proseIndex: proseIndex, in: session)
        case .starter(let id):
            if let question = lesson.exercise(id)?.question {
                session.show(Self.describe(question, id: id))
            } else {
                session.emit(.display(codeBundle(cell.code, after: "Exercise '\(id)': write your answer, then :check (:hint for help, :skip to use the reference).")))
            }
            _ = session.run(cell.code)
        }
    }

    func runCurrentCell(in session: Session) throws {
        let lesson = try currentLesson()
        guard let cell = lesson.steps[currentStep].cell else { throw SessionError.usage("this step has no code to run; :next moves on") }
        try runCell(cell.code, step: currentStep, of: lesson, proseIndex: nil, in: session)
    }

    func hint(in session: Session) throws {
        let exercise = try currentExercise()
        guard let slug = lesson?.slug else { return }
        // A negative count (a hand-edited progress file) means none shown.
        let shown = max(progress.lessons[slug]?.hintsShown[exercise.id] ?? 0, 0)
        guard !exercise.hints.isEmpty else { throw SessionError.usage("this exercise has no hints; :skip shows the reference") }
        guard shown < exercise.hints.count else {
            let count = exercise.hints.count
            return session.show("there are no more hints for '\(exercise.id)': you have seen \(count == 1 ? "the only one" : "all \(count)"). "
                                + ":check says what is still wrong; :skip fills in the reference answer.")
        }
        session.show("hint \(shown + 1) of \(exercise.hints.count): \(exercise.hints[shown])")
        progress.lessons[slug, default: Progress.LessonProgress()].hintsShown[exercise.id] = shown + 1
        save(in: session)
    }

    /// The exercise named `id`, or the current one when `id` is empty.
    func exercise(named id: String) throws -> Exercise {
        let lesson = try currentLesson()
        if id.isEmpty { return try currentExercise() }
        guard let named = lesson.exercise(id) else {
            throw SessionError.usage("lesson \(lesson.number) has no exercise '\(id)'; its exercises are " + lesson.exercises.map(\.id).joined(separator: ", "))
        }
        return named
    }

    /// In a notebook, the answer is the code that ran after the last of the
    /// lesson's own cells (whole lines of it, as a notebook downloaded as a script
    /// runs them together): the exercise cell and any cells the student added.
    static func answer(in code: String, after lesson: Lesson) -> String {
        var cut = code.startIndex
        for cell in lesson.steps.compactMap(\.cell) where cell.role == .lesson {
            let text = cell.code.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !text.isEmpty else { continue }
            var searchEnd = code.endIndex
            while let range = code.range(of: text, options: .backwards, range: code.startIndex..<searchEnd) {
                let startsLine = range.lowerBound == code.startIndex || code[code.index(before: range.lowerBound)] == "\n"
                let endsLine = range.upperBound == code.endIndex || code[range.upperBound] == "\n"
                if startsLine && endsLine {
                    cut = max(cut, range.upperBound)
                    break
                }
                searchEnd = range.lowerBound
            }
        }
        return String(code[cut...]).trimmingCharacters(in: .newlines)
    }

    func check(_ id: String, in session: Session) throws {
        let lesson = try currentLesson()
        let exercise = try self.exercise(named: id)
        var code = session.inputs.filter { $0.key >= stepStartCount }.sorted { $0.key < $1.key }
            .map(\.value).filter { MetaCommandLine($0) == nil }.joined(separator: "\n")
        var answerCalls = called
        if attached {
            // A notebook (or a notebook run as a script) ran the lesson's own cells too.
            code = Self.answer(in: code, after: lesson)
            answerCalls = grader.builtinsCalled(by: code, for: exercise, in: lesson)
        }
        let feedback = grader.feedback(for: exercise, in: lesson, student: session.interpreter, studentCode: code, calledBuiltins: answerCalls)
        install(in: session)  // the grader borrowed the call observer
        var lines = feedback.results.map { ($0.passed ? "✓ " : "✗ ") + $0.name + ($0.passed ? "" : ": \($0.message)") }
        if let mistake = feedback.mistake {
            lines.append(exercise.question == nil ? "This looks like a known mistake, \(mistake.mistake): \(mistake.hint)" : mistake.hint)
        }
        let hidden = feedback.hiddenCount
        if feedback.passed {
            lines.append("all visible checks passed" + (hidden > 0 ? "; \(hidden) hidden check\(hidden == 1 ? "" : "s") run at grading" : "") + ". :next moves on.")
            progress.lessons[lesson.slug, default: Progress.LessonProgress()].passed.insert(exercise.id)
            save(in: session)
        } else if exercise.question != nil {
            lines.append("not yet; :answer again (:hint for help)")
        } else {
            let failed = feedback.results.filter { !$0.passed }.count
            lines.append("\(failed) of \(feedback.results.count) visible checks failed; fix and :check again (:hint for help)")
        }
        session.show(lines.joined(separator: "\n"))
    }

    /// `:answer b`, `:answer 0.25` or `:answer ID b`: sets a concept question's answer and checks it.
    func answer(_ text: String, in session: Session) throws {
        let words = text.split(separator: " ", maxSplits: 1).map(String.init)
        let lesson = try currentLesson()
        let named = words.count == 2 && lesson.exercise(words[0])?.question != nil
        let exercise = try self.exercise(named: named ? words[0] : "")
        let given = (named ? words[1] : text).trimmingCharacters(in: .whitespaces)
        guard let question = exercise.question else {
            throw SessionError.usage("'\(exercise.id)' is an exercise, not a question: write code and :check it")
        }
        guard !given.isEmpty else {
            throw SessionError.usage(question.isNumeric ? "give a number, e.g. :answer 0.25" : "give a choice, e.g. :answer \(question.choices[0].key)")
        }
        let code: String
        if question.isNumeric {
            code = "\(exercise.id) = \(given)"
        } else {
            let keys = question.choices.map(\.key)
            guard let key = Question.choiceKey(given, among: keys) else {
                throw SessionError.usage("'\(given)' is not one of the choices " + keys.joined(separator: ", "))
            }
            code = "\(exercise.id) = \"\(key)\""
        }
        if let failure = session.run(code) { throw failure }
        try check(exercise.id, in: session)
    }

    func skip(in session: Session) throws {
        let lesson = try currentLesson()
        let exercise = try currentExercise()
        session.emit(.display(codeBundle(exercise.solution, before: "the reference answer:")))
        if let failure = session.run(exercise.solution) { throw failure }
        progress.lessons[lesson.slug, default: Progress.LessonProgress()].skipped.insert(exercise.id)
        save(in: session)
        if currentStep + 1 < lesson.steps.count { try enter(step: currentStep + 1, in: session) }
    }

    func resetExercise(in session: Session) throws {
        let exercise = try currentExercise()
        stepStartCount = session.executionCount
        called = []
        session.emit(.display(codeBundle(exercise.starter, before: "starter code restored:")))
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
        session.show(TextTable(header: ["#", "lesson", "step", "exercises"], rows: rows))
    }

    // MARK: Helpers

    /// A question's choices and how to answer it.
    static func describe(_ question: Question, id: String) -> String {
        if question.isNumeric { return "Question '\(id)': answer with a number, e.g. :answer 0.25 (:hint for help)." }
        let choices = question.choices.map { "    \($0.key)) \($0.text)" }.joined(separator: "\n")
        return choices + "\n\nQuestion '\(id)': answer with :answer KEY, e.g. :answer \(question.choices[0].key) (:hint for help)."
    }

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
}
