import Foundation

/// A student's submission: a script in the language with one marked block per
/// exercise (`#: exercise ID` on a line of its own starts the block for ID).
public struct Submission: Sendable, Equatable {
    /// Each exercise's code, by id.
    public var answers: [String: String]
    /// Problems with the file itself (not UTF-8, duplicate or unknown ids, code before the first marker…), reported, never fatal.
    public var problems: [String]

    public init(answers: [String: String], problems: [String] = []) {
        self.answers = answers
        self.problems = problems
    }

    /// The largest submission read: a script of answers is a few kilobytes.
    public static let maxBytes = 1 << 20

    /// Reads a submission file's bytes, for `lesson`. Anything the file does
    /// wrong becomes a problem in the report; grading goes on with what is usable.
    /// Line endings (LF, CRLF, CR), a UTF-8 byte-order mark, and spaces or tabs
    /// around markers make no difference.
    public static func parse(_ data: Data, for lesson: Lesson) -> Submission {
        guard !data.isEmpty else { return Submission(answers: [:], problems: ["the submission is empty"]) }
        guard data.count <= maxBytes else {
            return Submission(answers: [:], problems: ["the submission has \(data.count / 1024) KiB; a submission may have at most \(maxBytes / 1024) KiB of text"])
        }
        var problems: [String] = []
        let text: String
        switch SubmissionText.decode(data) {
        case .text(let decoded): text = decoded
        case .repaired(let decoded):
            text = decoded
            problems.append("the submission is not valid UTF-8; characters that could not be read were replaced")
        case .notText(let why):
            return Submission(answers: [:], problems: ["the submission is not a text file (\(why)); save your answers as plain UTF-8 text"])
        }
        var answers: [String: String] = [:]
        var current: String?
        var lines: [String] = []
        var preamble = false
        func close() {
            guard let id = current else { return }
            answers[id] = lines.joined(separator: "\n")
        }
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if let id = marker(line) {
                close()
                lines = []
                if answers[id] != nil {
                    problems.append("exercise '\(id)' appears twice; the last block is graded")
                }
                if lesson.exercise(id) == nil {
                    let known = lesson.exercises.map(\.id)
                    problems.append("the submission has an answer for '\(id)', which is not an exercise of this lesson (exercises: \(known.joined(separator: ", ")))")
                }
                current = id
            } else if current == nil {
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                if !trimmed.isEmpty && !trimmed.hasPrefix("#") { preamble = true }
            } else {
                lines.append(line)
            }
        }
        close()
        if preamble { problems.append("code before the first '#: exercise ID' line is ignored") }
        for exercise in lesson.exercises where answers[exercise.id] == nil {
            problems.append("no answer for exercise '\(exercise.id)' (add a '#: exercise \(exercise.id)' block)")
        }
        return Submission(answers: answers.filter { lesson.exercise($0.key) != nil }, problems: problems)
    }

    /// The id in a `#: exercise ID` line (spaces and tabs anywhere around the words).
    static func marker(_ line: String) -> String? {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasPrefix("#:") else { return nil }
        let words = trimmed.dropFirst(2).split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard words.count == 2, words[0].lowercased() == "exercise" else { return nil }
        return String(words[1])
    }

    /// The starter file for `lesson`: every exercise's starter under its marker.
    public static func starterFile(for lesson: Lesson) -> String {
        var out = "# Lesson \(lesson.number): \(lesson.title)\n"
        out += "# Write each answer under its '#: exercise ID' line; grade with: unroll grade \(lesson.number) FILE\n"
        for exercise in lesson.exercises {
            out += "\n#: exercise \(exercise.id)\n# \(exercise.title)\n"
            if let question = exercise.question {
                // A concept question: its choices, and how to answer.
                out += question.choices.map { "#   \($0.key): \($0.text)\n" }.joined()
                out += question.isNumeric ? "# answer with a number: \(exercise.id) = 0.25\n"
                                          : "# answer with a choice: \(exercise.id) = \"\(question.choices[0].key)\"\n"
            }
            out += exercise.starter + "\n"
        }
        return out
    }
}
