import Foundation
import Courseware

/// A lesson as a Jupyter notebook (nbformat 4): its prose as Markdown cells,
/// its cells as code cells, and after each exercise a `:check ID` cell.
///
/// Every code cell is marked in its metadata (``NotebookSubmission/metadata(_:exercise:)``):
/// exercise cells carry their id, as nbgrader marks answer cells, so that
/// `unroll grade N work.ipynb` finds the student's answers.
public enum NotebookExport {
    public static func notebook(for lesson: Lesson) -> [String: Any] {
        var cells: [[String: Any]] = [code(":lesson \(lesson.number) --attach", .attach)]
        for step in lesson.steps {
            let prose = step.prose.trimmingCharacters(in: .whitespacesAndNewlines)
            if !prose.isEmpty { cells.append(markdown(prose)) }
            guard let cell = step.cell else { continue }
            switch cell.role {
            case .lesson:
                cells.append(code(cell.code, .lesson))
            case .starter(let id):
                if let question = lesson.exercise(id)?.question {
                    cells.append(contentsOf: questionCells(question, id: id))
                } else {
                    cells.append(code(cell.code, .exercise, exercise: id))
                }
                cells.append(code(":check \(id)", .check))
            }
        }
        return [
            "nbformat": 4,
            "nbformat_minor": 5,
            "metadata": [
                "kernelspec": ["name": "unroll", "display_name": "Unroll", "language": "unroll"],
                "language_info": ["name": LanguageInfo.name, "version": LanguageInfo.version,
                                  "mimetype": LanguageInfo.mimetype, "file_extension": LanguageInfo.fileExtension,
                                  "pygments_lexer": LanguageInfo.pygmentsLexer, "codemirror_mode": LanguageInfo.codemirrorMode,
                                  "nbconvert_exporter": "script"],
                "unroll": ["lesson": lesson.number, "slug": lesson.slug, "exercises": lesson.exercises.map(\.id)],
            ],
            "cells": cells.enumerated().map { index, cell in cell.merging(["id": "cell-\(index)"]) { a, _ in a } },
        ]
    }

    /// A concept question: its choices and a cell for the answer (the `:check` cell follows).
    static func questionCells(_ question: Question, id: String) -> [[String: Any]] {
        if question.isNumeric {
            return [code("\(id) = none   # your answer: a number", .exercise, exercise: id)]
        }
        let choices = question.choices.map { "- **\($0.key)**: \($0.text)" }.joined(separator: "\n")
        let keys = question.choices.map { "\"\($0.key)\"" }.joined(separator: ", ")
        return [markdown(choices), code("\(id) = none   # your answer: one of \(keys)", .exercise, exercise: id)]
    }

    /// The notebook as JSON text.
    public static func json(for lesson: Lesson) -> Data {
        (try? JSONSerialization.data(withJSONObject: notebook(for: lesson), options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])) ?? Data()
    }

    /// nbformat stores text as a list of lines, each keeping its newline.
    static func lines(_ text: String) -> [String] {
        let parts = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        return parts.enumerated().map { i, line in i == parts.count - 1 ? line : line + "\n" }
    }

    static func markdown(_ text: String) -> [String: Any] {
        ["cell_type": "markdown", "metadata": [String: Any](), "source": lines(text)]
    }

    static func code(_ text: String, _ role: NotebookSubmission.Role, exercise: String? = nil) -> [String: Any] {
        ["cell_type": "code", "metadata": NotebookSubmission.metadata(role, exercise: exercise), "source": lines(text),
         "outputs": [Any](), "execution_count": NSNull()]
    }
}
