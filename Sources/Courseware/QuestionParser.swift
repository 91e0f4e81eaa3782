/// Reads a `question=ID` block, a concept question graded like an exercise.
///
/// Multiple choice: one line per choice, `KEY: text`, with ` | feedback` after
/// a wrong choice; an `answer: KEY` line names the right one.
/// ```
/// answer: c
/// a: 0.9 times an orthogonal matrix | each step back multiplies by 0.9: 0.9¹⁰⁰ ≈ 3·10⁻⁵
/// b: singular values 1.2, 0.5, 0.5  | only one direction is stretched ...
/// c: 1.1 times an orthogonal matrix
/// ```
/// A number: `answer: EXPR`, computed in the lesson's session, and `wrong: EXPR | feedback`
/// for numbers a student is likely to give. `rtol=` (default 0.01) and `points=`
/// (default 1) may end the `answer:` line.
///
/// The student answers in the variable named like the question (`:answer c`
/// in the REPL sets it); each wrong answer with feedback becomes a mutant, so
/// `:check` shows that feedback.
enum QuestionParser {
    struct Failure: Error {
        var line: Int
        var text: String
    }

    static let defaultTolerance = 0.01

    /// - Parameter line: the line of the block's first line in the lesson file.
    static func exercise(id: String, title: String, stepIndex: Int, block: String, line: Int) throws -> Exercise {
        var answer: (text: String, line: Int)?
        var options: [String: Double] = [:]
        var choices: [Question.Choice] = []
        var feedback: [(answer: String, text: String, line: Int)] = []
        var wrongNumbers: [(expression: String, text: String, line: Int)] = []
        for (offset, raw) in block.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let lineNumber = line + offset
            let text = raw.trimmingCharacters(in: .whitespaces)
            if text.isEmpty || text.hasPrefix("#") { continue }
            guard let colon = text.firstIndex(of: ":") else {
                throw Failure(line: lineNumber, text: "a question line is 'answer: …', 'KEY: choice | feedback' or 'wrong: NUMBER | feedback'")
            }
            let key = text[..<colon].trimmingCharacters(in: .whitespaces)
            let rest = text[text.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            let (body, note) = splitFeedback(rest)
            switch key {
            case "answer":
                guard answer == nil else { throw Failure(line: lineNumber, text: "this question has two 'answer:' lines") }
                let (value, found) = try trailingOptions(body, line: lineNumber)
                guard !value.isEmpty else { throw Failure(line: lineNumber, text: "'answer:' needs the right choice or a number") }
                answer = (value, lineNumber)
                options = found
            case "wrong":
                guard !body.isEmpty, let note else { throw Failure(line: lineNumber, text: "write a wrong number as 'wrong: NUMBER | why it is wrong'") }
                wrongNumbers.append((body, note, lineNumber))
            default:
                guard isChoiceKey(key) else { throw Failure(line: lineNumber, text: "'\(key)' is not a choice key; use a letter or a short word") }
                guard !choices.contains(where: { $0.key == key }) else { throw Failure(line: lineNumber, text: "the choice '\(key)' appears twice") }
                guard !body.isEmpty else { throw Failure(line: lineNumber, text: "the choice '\(key)' has no text") }
                choices.append(Question.Choice(key: key, text: body))
                if let note { feedback.append((key, note, lineNumber)) }
            }
        }
        guard let answer else { throw Failure(line: line - 1, text: "this question has no 'answer:' line") }
        let rtol = options["rtol"] ?? defaultTolerance
        let points = options["points"] ?? 1
        let solution: String
        var mutants: [Mutant] = []
        if choices.isEmpty {
            guard feedback.isEmpty else { throw Failure(line: feedback[0].line, text: "a numeric question has no choices") }
            solution = "\(id) = \(answer.text)"
            mutants = wrongNumbers.map { Mutant(mistake: "the answer \($0.expression)", hint: $0.text, code: "\(id) = \($0.expression)", line: $0.line) }
        } else {
            guard wrongNumbers.isEmpty else { throw Failure(line: wrongNumbers[0].line, text: "'wrong:' lines belong to numeric questions; give feedback after a choice with ' | '") }
            guard choices.count >= 2 else { throw Failure(line: line - 1, text: "a multiple-choice question needs at least two choices") }
            guard choices.contains(where: { $0.key == answer.text }) else {
                throw Failure(line: answer.line, text: "the answer '\(answer.text)' is not one of the choices " + choices.map(\.key).joined(separator: ", "))
            }
            if let given = feedback.first(where: { $0.answer == answer.text }) {
                throw Failure(line: given.line, text: "the right choice takes no ' | feedback'")
            }
            solution = "\(id) = \"\(answer.text)\""
            mutants = feedback.map { Mutant(mistake: "the answer \($0.answer)", hint: $0.text, code: "\(id) = \"\($0.answer)\"", line: $0.line) }
        }
        let check = CheckSpec(kind: .answer(name: id, choices: choices.map(\.key), rtol: rtol), points: points, visibility: .visible,
                              source: "your answer", line: answer.line)
        var exercise = Exercise(id: id, title: title, stepIndex: stepIndex, starter: "\(id) = none", solution: solution, checks: [check], hints: [])
        exercise.mutants = mutants
        exercise.question = Question(choices: choices)
        return exercise
    }

    /// `text | feedback` → ("text", "feedback"); without ` | ` → (text, nil). The bar needs
    /// a space on each side, so `|x|` in a choice's text is left alone.
    static func splitFeedback(_ text: String) -> (String, String?) {
        guard let bar = text.range(of: " | ") else { return (text, nil) }
        let note = text[bar.upperBound...].trimmingCharacters(in: .whitespaces)
        return (text[..<bar.lowerBound].trimmingCharacters(in: .whitespaces), note.isEmpty ? nil : note)
    }

    /// Strips `rtol=R` and `points=N` from the end of an `answer:` line.
    static func trailingOptions(_ text: String, line: Int) throws -> (String, [String: Double]) {
        var words = text.split(separator: " ").map(String.init)
        var options: [String: Double] = [:]
        while let last = words.last {
            let parts = last.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, ["rtol", "points"].contains(parts[0]) else { break }
            guard let value = Double(parts[1]), value.isFinite, value >= 0 else {
                throw Failure(line: line, text: "\(last) is not a non-negative number")
            }
            options[parts[0]] = value
            words.removeLast()
        }
        return (words.joined(separator: " "), options)
    }

    static func isChoiceKey(_ key: String) -> Bool {
        !key.isEmpty && key.count <= 12 && key.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
    }
}
