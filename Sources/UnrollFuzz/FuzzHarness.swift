import Courseware
import Formats
import Foundation
import Kernel
import TensorCore
import TensorLang

/// One input of the fuzzer, run through the surface a hostile user reaches: the
/// language in a notebook session (every builtin, plots drawn as text and SVG,
/// values written as JSON), lesson files with their checks, assertions, mutants
/// and questions, and submissions in both formats, graded.
///
/// The first byte picks the surface; the rest is the text. Nothing may trap: every
/// input ends in a result or an error message. Budgets are small so that a single
/// input stays fast, which is what lets a campaign reach millions of inputs.
enum FuzzHarness {
    static func run(_ bytes: [UInt8]) {
        guard let selector = bytes.first else { return }
        let text = String(decoding: bytes.dropFirst(), as: UTF8.self)
        switch selector % 8 {
        case 0...3: program(text)
        case 4: lessonFile(text)
        case 5: checks(text)
        case 6: submission(Data(text.utf8), notebook: false)
        default: submission(Data(text.utf8), notebook: true)
        }
    }

    /// Small limits for everything a program may hold or do.
    static let limits: ResourceLimits = {
        var limits = ResourceLimits()
        limits.tensorBytes = 64 << 20
        limits.graphNodes = 200_000
        limits.stringBytes = 4 << 20
        limits.sequenceElements = 200_000
        return limits
    }()

    static func configure(_ interpreter: Interpreter) {
        interpreter.limits = limits
        interpreter.stepBudget = 2_000
        interpreter.timeLimit = 0.1
    }

    /// A program in a notebook session, its outputs drawn every way a front-end draws them.
    static func program(_ source: String) {
        var options = SessionOptions()
        options.drawsSVG = true
        options.valuesAsJSON = true
        options.limits = limits
        let session = Session.standard(options)
        configure(session.interpreter)
        var writer = JSONWriter(style: .spaced, flushAt: 1 << 16) { _ in }
        for cell in source.components(separatedBy: "\n%%\n") {
            let result = session.execute(cell, storeHistory: true) { output in
                output.writeJSON(to: &writer)
                if case .display(let bundle) = output { _ = bundle.data.values.map(\.count) }
            }
            if let error = result.error { _ = error.json.encoded(.spaced) }
        }
        writer.flush()
        _ = session.complete(String(source.prefix(200)), cursor: min(source.count, 200))
        _ = session.isComplete(source)
        session.reset()
    }

    /// A lesson file as a course author might write it: parsed, and each exercise's
    /// solution graded against its own checks.
    static func lessonFile(_ text: String) {
        guard let lesson = try? LessonParser.parse(text, fileName: "01-fuzz.md") else { return }
        let grader = makeGrader()
        for exercise in lesson.exercises.prefix(2) {
            _ = grader.gradeExercise(exercise, in: lesson, code: exercise.solution)
        }
    }

    /// Check lines (before a line `---`) graded on a student's code (after it).
    static func checks(_ text: String) {
        let parts = text.components(separatedBy: "\n---\n")
        let checkLines = parts[0], student = parts.count > 1 ? parts[1] : "y = x * 2"
        let lesson = """
            # Fuzz

            ```unroll
            x = [1, 2, 3]
            ```

            ## Exercise: twice

            ```unroll starter=twice
            y = x
            ```

            ```unroll solution=twice
            y = x * 2
            ```

            ```unroll check=twice
            \(checkLines)
            ```
            """
        guard let parsed = try? LessonParser.parse(lesson, fileName: "01-fuzz.md"), let exercise = parsed.exercise("twice") else { return }
        _ = makeGrader().gradeExercise(exercise, in: parsed, code: student)
    }

    /// A submission file (`#: exercise ID` blocks) or an exported notebook, parsed and graded.
    static func submission(_ data: Data, notebook: Bool) {
        let report = makeGrader().grade(tinyLesson, notebook ? NotebookSubmission.parse(data, for: tinyLesson) : Submission.parse(data, for: tinyLesson))
        _ = report.text
        _ = GradescopeResults(report).json()
    }

    static func makeGrader() -> Grader {
        Grader(limits: GradingLimits(secondsPerExercise: 0.5)) {
            let interpreter = Session.makeGradingInterpreter()
            configure(interpreter)
            return interpreter
        }
    }

    static let tinyLesson: Lesson = {
        let text = """
            # Tiny

            ```unroll
            W = [[2, 0], [0, 3]]
            ```

            ## Exercise: scale

            ```unroll starter=scale
            v = [0, 0]
            ```

            ```unroll solution=scale
            v = W @ [1, 1]
            ```

            ```unroll check=scale
            close v
            shape v (2,)
            uses matmul hidden
            ```

            ## Exercise: sum

            ```unroll starter=sum
            def total(a) = 0
            ```

            ```unroll solution=sum
            def total(a) = sum(a)
            ```

            ```unroll check=sum
            close total(W)
            ```
            """
        do {
            return try LessonParser.parse(text, fileName: "01-tiny.md")
        } catch {
            fatalError("the fuzz harness's own lesson does not parse: \(error)")
        }
    }()
}
