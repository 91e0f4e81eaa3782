import Foundation

/// Reads a lesson's Markdown (the format is documented in lessons/README.md).
public enum LessonParser {
    /// Parses `text`, the contents of the file `fileName` (e.g. `07-vanishing.md`).
    public static func parse(_ text: String, fileName: String) throws -> Lesson {
        var state = State(fileName: fileName)
        let (number, slug) = try numberAndSlug(fileName)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var index = 0
        while index < lines.count {
            let line = lines[index]
            let lineNumber = index + 1
            if let fence = Fence(line) {
                // Gather the block up to its closing fence.
                var body: [String] = []
                index += 1
                while index < lines.count && !fence.closes(lines[index]) {
                    body.append(lines[index])
                    index += 1
                }
                guard index < lines.count else {
                    throw LessonError(file: fileName, line: lineNumber, message: "this code block is never closed; add a line with \(fence.marker)")
                }
                if fence.language == "unroll" {
                    try state.addBlock(attributes: fence.attributes, code: body.joined(separator: "\n"), line: lineNumber + 1)
                } else {
                    state.prose += ([line] + body + [lines[index]]).joined(separator: "\n") + "\n"
                }
            } else if line.hasPrefix("# "), state.title == nil {
                state.title = String(line.dropFirst(2)).trimmingCharacters(in: .whitespaces)
                state.prose += line + "\n"
            } else if let heading = ["## Exercise:", "## Question:"].first(where: line.hasPrefix) {
                try state.startExercise(title: String(line.dropFirst(heading.count)).trimmingCharacters(in: .whitespaces),
                                        line: lineNumber, isQuestion: heading == "## Question:")
                state.prose += line + "\n"
            } else if let hint = hintText(line) {
                try state.addHint(hint, line: lineNumber)
            } else {
                state.prose += line + "\n"
            }
            index += 1
        }
        return try state.finish(number: number, slug: slug)
    }

    /// `07-vanishing.md` → (7, "vanishing").
    static func numberAndSlug(_ fileName: String) throws -> (Int, String) {
        let base = fileName.hasSuffix(".md") ? String(fileName.dropLast(3)) : fileName
        guard let dash = base.firstIndex(of: "-"), let number = Int(base[..<dash]), number >= 0 else {
            throw LessonError(file: fileName, line: 1, message: "a lesson file is named NN-name.md, e.g. 07-vanishing.md")
        }
        return (number, String(base[base.index(after: dash)...]))
    }

    /// The text of a `> **Hint:** …` line.
    static func hintText(_ line: String) -> String? {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasPrefix("> **Hint:**") else { return nil }
        return String(trimmed.dropFirst("> **Hint:**".count)).trimmingCharacters(in: .whitespaces)
    }
}

/// A fenced block's opening line: its backtick marker, language and `key=value` attributes.
struct Fence {
    var marker: String
    var language: String
    var attributes: [(key: String, value: String)]

    init?(_ line: String) {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        let ticks = trimmed.prefix { $0 == "`" }
        guard ticks.count >= 3 else { return nil }
        marker = String(ticks)
        let words = trimmed.dropFirst(ticks.count).split(separator: " ").map(String.init)
        language = words.first ?? ""
        attributes = words.dropFirst().map { word in
            // Kept empty pieces: a word of only "=" (a typo, or "==") has a key and value too.
            let parts = word.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            return (parts[0], parts.count > 1 ? parts[1] : "")
        }
    }

    func closes(_ line: String) -> Bool {
        line.trimmingCharacters(in: .whitespaces) == marker
    }
}

/// What the parser has gathered so far.
private struct State {
    let fileName: String
    var title: String?
    var prose = ""
    var steps: [Step] = []
    var exercises: [Exercise] = []
    /// The exercise whose heading was seen last, and its id once a block names it.
    var openExerciseTitle: String?
    var openExerciseLine = 0
    var openExerciseID: String?
    var openIsQuestion = false
    var pendingHints: [String] = []
    var assertions: [Assertion] = []

    init(fileName: String) { self.fileName = fileName }

    func error(_ line: Int, _ message: String) -> LessonError { LessonError(file: fileName, line: line, message: message) }

    mutating func startExercise(title: String, line: Int, isQuestion: Bool) throws {
        try requireOpenExerciseHasItsBlock()
        openExerciseTitle = title
        openExerciseLine = line
        openExerciseID = nil
        openIsQuestion = isQuestion
        pendingHints = []
    }

    func requireOpenExerciseHasItsBlock() throws {
        if let open = openExerciseTitle, openExerciseID == nil {
            throw error(openExerciseLine, openIsQuestion ? "the question \"\(open)\" has no question=ID block"
                                                         : "the exercise \"\(open)\" has no starter=ID block")
        }
    }

    mutating func addHint(_ hint: String, line: Int) throws {
        guard openExerciseTitle != nil else { throw error(line, "a hint must follow an ## Exercise: heading") }
        if let id = openExerciseID, let i = exercises.firstIndex(where: { $0.id == id }) {
            exercises[i].hints.append(hint)
        } else {
            pendingHints.append(hint)
        }
    }

    mutating func addBlock(attributes: [(key: String, value: String)], code: String, line: Int) throws {
        guard let (key, id) = attributes.first else {
            steps.append(Step(prose: prose, cell: Cell(code: code, role: .lesson, line: line)))
            prose = ""
            return
        }
        if key == "assert" {
            guard id.isEmpty, attributes.count == 1 else { throw error(line - 1, "write an assertion block as ```unroll assert, with nothing after 'assert'") }
            assertions.append(Assertion(code: code, line: line, afterSteps: steps.count))
            return
        }
        var gives: [String] = []
        for (extra, value) in attributes.dropFirst() {
            guard key == "solution", extra == "gives", gives.isEmpty else {
                throw error(line - 1, "a code block takes one attribute (assert, starter=, solution=, check=, mutant= or question=); only a solution adds gives=NAME,NAME")
            }
            gives = value.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            if let bad = gives.first(where: { !isIdentifier($0) }) {
                throw error(line - 1, "gives= lists names separated by commas, without spaces; '\(bad)' is not a name")
            }
        }
        guard isIdentifier(id) else { throw error(line - 1, "'\(id)' is not a valid exercise id; use letters, digits and _") }
        switch key {
        case "starter", "question":
            let kind = key == "starter" ? "an ## Exercise:" : "a ## Question:"
            guard let title = openExerciseTitle, openIsQuestion == (key == "question") else {
                throw error(line - 1, "\(key)=\(id) must follow \(kind) heading")
            }
            guard !exercises.contains(where: { $0.id == id }) else { throw error(line - 1, "the exercise id '\(id)' is used twice") }
            guard openExerciseID == nil else { throw error(line - 1, "this exercise already has a \(key) block (\(openExerciseID ?? "")); start a new heading") }
            openExerciseID = id
            var exercise = Exercise(id: id, title: title, stepIndex: steps.count, starter: code, solution: "", checks: [], hints: pendingHints)
            if key == "question" {
                do {
                    exercise = try QuestionParser.exercise(id: id, title: title, stepIndex: steps.count, block: code, line: line)
                    exercise.hints = pendingHints
                } catch let failure as QuestionParser.Failure {
                    throw error(failure.line, failure.text)
                }
            }
            steps.append(Step(prose: prose, cell: Cell(code: exercise.starter, role: .starter(exercise: id), line: line)))
            prose = ""
            exercises.append(exercise)
            pendingHints = []
        case "solution":
            let i = try exerciseIndex(id, line: line)
            guard exercises[i].solution.isEmpty else { throw error(line - 1, "exercise '\(id)' has two solutions") }
            exercises[i].solution = code
            exercises[i].gives = gives
        case "check":
            let i = try exerciseIndex(id, line: line)
            for (offset, text) in code.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let trimmed = text.trimmingCharacters(in: .whitespaces)
                if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
                do {
                    exercises[i].checks.append(try CheckParser.parse(trimmed, line: line + offset))
                } catch let message as CheckParser.Failure {
                    throw error(line + offset, message.text)
                }
            }
        case "mutant":
            let i = try exerciseIndex(id, line: line)
            do {
                exercises[i].mutants.append(try MutantParser.mutant(code, line: line))
            } catch let failure as MutantParser.Failure {
                throw error(failure.line, failure.text)
            }
        default:
            throw error(line - 1, "unknown code block attribute '\(key)'; use assert, starter=, solution=, check=, mutant= or question=")
        }
    }

    func exerciseIndex(_ id: String, line: Int) throws -> Int {
        guard let i = exercises.firstIndex(where: { $0.id == id }) else {
            throw error(line - 1, "no exercise '\(id)' yet; its starter=\(id) block must come first")
        }
        return i
    }

    func isIdentifier(_ s: String) -> Bool {
        guard let first = s.first, first.isLetter || first == "_" else { return false }
        return s.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
    }

    mutating func finish(number: Int, slug: String) throws -> Lesson {
        try requireOpenExerciseHasItsBlock()
        for exercise in exercises where exercise.question == nil {
            // Point at the starter block's opening fence.
            let fenceLine = (steps[exercise.stepIndex].cell?.line ?? 2) - 1
            if exercise.solution.isEmpty { throw error(fenceLine, "exercise '\(exercise.id)' has no solution=\(exercise.id) block") }
            if exercise.checks.isEmpty { throw error(fenceLine, "exercise '\(exercise.id)' has no check=\(exercise.id) block") }
        }
        guard let title else { throw error(1, "a lesson starts with a '# Title' heading") }
        if !prose.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            steps.append(Step(prose: prose, cell: nil))
        }
        return Lesson(number: number, slug: slug, title: title, steps: steps, exercises: exercises, assertions: assertions)
    }
}
