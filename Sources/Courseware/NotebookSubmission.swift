import Formats
import Foundation

/// A student's lesson notebook (`unroll export lesson N --ipynb`, worked in
/// Jupyter) read as a ``Submission``.
///
/// The export marks every code cell in its metadata: `unroll.role` is
/// `exercise` (with `unroll.exercise` = the id, and nbgrader's `grade_id` for
/// nbgrader-aware tools), `lesson`, `check` or `attach`. An exercise's answer is
/// its cell plus the code cells the student added after it, up to the next
/// marked cell. Lesson cells never count, even edited: grading starts from
/// the lesson's own cells. Whatever the notebook does wrong — invalid JSON,
/// stripped or edited metadata, deleted, duplicated or added cells, saved
/// outputs (never trusted: every answer is run afresh) — becomes a problem
/// in the report, never a failure of the grading.
public enum NotebookSubmission {
    /// Largest notebook read, in bytes; a lesson notebook is a few hundred kilobytes.
    public static let maximumSize = 64 << 20

    /// The metadata the export writes on each code cell (under `unroll`).
    public enum Role: String, Sendable {
        /// An exercise's cell: the student's answer.
        case exercise
        /// A lesson cell: part of the lesson, not of any answer.
        case lesson
        /// A `:check ID` cell.
        case check
        /// The first cell, `:lesson N --attach`.
        case attach
    }

    /// The metadata for a code cell of `role` (`exercise` for exercise cells).
    public static func metadata(_ role: Role, exercise: String? = nil) -> JSONValue {
        var unroll: [String: JSONValue] = ["role": .string(role.rawValue)]
        var metadata: [String: JSONValue] = [:]
        if let exercise {
            unroll["exercise"] = .string(exercise)
            // An autograded answer cell, in nbgrader's schema.
            metadata["nbgrader"] = ["schema_version": 3, "grade": false, "solution": true, "locked": false,
                                    "task": false, "grade_id": .string(exercise)]
            metadata["deletable"] = false
        }
        if role == .check || role == .attach { metadata["editable"] = false; metadata["deletable"] = false }
        metadata["unroll"] = .object(unroll)
        return .object(metadata)
    }

    /// Reads a notebook's bytes as a submission for `lesson`.
    public static func parse(_ data: Data, for lesson: Lesson) -> Submission {
        guard data.count <= maximumSize else {
            return Submission(answers: [:], problems: ["the notebook is \(data.count >> 20) MiB, more than the \(maximumSize >> 20) MiB a lesson notebook can be"])
        }
        let notebook: JSONValue
        do {
            notebook = try JSONValue.parse(data)
        } catch {
            return Submission(answers: [:], problems: ["the file is not a Jupyter notebook: it is not valid JSON (\(error))"])
        }
        guard let cells = notebook["cells"]?.arrayValue else {
            return Submission(answers: [:], problems: ["the file is JSON but not a Jupyter notebook: it has no list of \"cells\""])
        }
        var reader = Reader(lesson: lesson)
        reader.checkLesson(of: notebook)
        for (index, cell) in cells.enumerated() { reader.read(cell, number: index + 1) }
        return reader.finish()
    }
}

extension NotebookSubmission {
    /// Walks the cells in order, collecting answers and problems.
    struct Reader {
        let lesson: Lesson
        var answers: [String: [String]] = [:]
        var problems: [String] = []
        /// The exercise whose answer added cells currently extend.
        var open: String?
        var added: [String: Int] = [:]
        var marked = 0
        /// `:check ID` cells, for notebooks whose metadata was stripped.
        var checkCells: [(id: String, precedingCode: String?)] = []
        var lastUnmarkedCode: String?

        init(lesson: Lesson) { self.lesson = lesson }

        mutating func checkLesson(of notebook: JSONValue) {
            guard let number = notebook["metadata"]?["unroll"]?["lesson"]?.intValue, number != lesson.number else { return }
            problems.append("this notebook was exported from lesson \(number), not lesson \(lesson.number) (\(lesson.slug)); graded as lesson \(lesson.number)")
        }

        mutating func read(_ cell: JSONValue, number: Int) {
            guard cell.objectValue != nil else {
                problems.append("cell \(number) is not a JSON object; skipped")
                return
            }
            guard cell["cell_type"]?.stringValue == "code" else { return }
            guard let source = Self.source(cell["source"]) else {
                problems.append("cell \(number) has no readable source; skipped")
                return
            }
            let unroll = cell["metadata"]?["unroll"]
            let role = unroll?["role"]?.stringValue.flatMap(Role.init(rawValue:))
            let nbgraderID = cell["metadata"]?["nbgrader"]?["grade_id"]?.stringValue
            if role != nil || nbgraderID != nil { marked += 1 }
            // An exercise cell by our marker, or by nbgrader's alone when ours was removed.
            if role == .exercise || (role == nil && nbgraderID != nil) {
                let id = unroll?["exercise"]?.stringValue ?? nbgraderID ?? ""
                if let nbgraderID, nbgraderID != id {
                    problems.append("cell \(number) is marked as exercise '\(id)' but nbgrader's grade_id says '\(nbgraderID)'; graded as '\(id)'")
                }
                startAnswer(id, source: source, cell: number)
                lastUnmarkedCode = nil
                return
            }
            if let role {
                open = nil
                lastUnmarkedCode = nil
                if role == .check, let id = Self.checkedExercise(source) { checkCells.append((id, nil)) }
                return
            }
            // A cell without our marks: a `:check` the student typed, another
            // meta-command, or code the student added (part of the open answer).
            if let id = Self.checkedExercise(source) {
                open = nil
                checkCells.append((id, lastUnmarkedCode))
            } else if Self.isMetaCommand(source) {
                return
            } else if let id = open {
                answers[id, default: []].append(source)
                added[id, default: 0] += 1
            }
            lastUnmarkedCode = source
        }

        mutating func startAnswer(_ id: String, source: String, cell number: Int) {
            guard lesson.exercise(id) != nil else {
                let known = lesson.exercises.map(\.id).joined(separator: ", ")
                problems.append("cell \(number) is marked as exercise '\(id)', which lesson \(lesson.number) does not have (its exercises: \(known)); not graded")
                open = nil
                return
            }
            if answers[id] != nil {
                problems.append("exercise '\(id)' has more than one cell (cell \(number) is another); the last one is graded")
                added[id] = 0
            }
            answers[id] = [source]
            open = id
        }

        mutating func finish() -> Submission {
            if marked == 0 { recoverFromCheckCells() }
            var result: [String: String] = [:]
            for exercise in lesson.exercises {
                guard let parts = answers[exercise.id] else {
                    problems.append(marked == 0
                        ? "no answer for exercise '\(exercise.id)': the notebook has no cell metadata (was it copied into a new notebook?) and no ':check \(exercise.id)' cell after an answer"
                        : "no answer for exercise '\(exercise.id)': its cell is missing (deleted?)")
                    continue
                }
                let code = parts.map(Self.withoutMetaCommandLines).joined(separator: "\n")
                if exercise.isStarter(code) {
                    problems.append("exercise '\(exercise.id)' is unchanged from its starter code, so it scores 0")
                    continue
                }
                if let count = added[exercise.id], count > 0 {
                    problems.append("exercise '\(exercise.id)': \(count) cell\(count == 1 ? "" : "s") added after its cell \(count == 1 ? "is" : "are") graded as part of the answer")
                }
                result[exercise.id] = code
            }
            return Submission(answers: result, problems: problems)
        }

        /// Without metadata, the code cell just before `:check ID` is the answer to ID.
        mutating func recoverFromCheckCells() {
            for (id, code) in checkCells where lesson.exercise(id) != nil {
                if let code { answers[id] = [code] }
            }
            if !answers.isEmpty {
                problems.append("the notebook's cell metadata is missing; answers were taken from the cell before each ':check ID' cell")
            }
        }

        /// nbformat keeps source as one string or a list of lines.
        static func source(_ value: JSONValue?) -> String? {
            if let text = value?.stringValue { return text }
            guard let lines = value?.arrayValue else { return nil }
            let strings = lines.compactMap(\.stringValue)
            return strings.count == lines.count ? strings.joined() : nil
        }

        /// The id in a `:check ID` cell.
        static func checkedExercise(_ source: String) -> String? {
            let words = source.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: " ")
            return words.count == 2 && words[0] == ":check" ? String(words[1]) : nil
        }

        static func isMetaCommand(_ source: String) -> Bool {
            let trimmed = source.trimmingCharacters(in: .whitespacesAndNewlines)
            return trimmed.hasPrefix(":") && trimmed.dropFirst().first?.isLetter == true
        }

        /// Drops `:check`, `:hint` and other meta-command lines a student left in an answer.
        static func withoutMetaCommandLines(_ code: String) -> String {
            code.split(separator: "\n", omittingEmptySubsequences: false)
                .filter { !isMetaCommand(String($0)) }.joined(separator: "\n")
        }
    }
}

extension Submission {
    /// Reads a submission file of either kind: a Jupyter notebook (by its
    /// `.ipynb` name, or JSON content) or a script with `#: exercise ID` blocks.
    public static func read(_ data: Data, fileName: String, for lesson: Lesson) -> Submission {
        let looksLikeJSON = data.first(where: { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }) == UInt8(ascii: "{")
        if fileName.lowercased().hasSuffix(".ipynb") || looksLikeJSON {
            return NotebookSubmission.parse(data, for: lesson)
        }
        return parse(data, for: lesson)
    }
}
