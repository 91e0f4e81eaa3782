import Courseware
import Formats
import Foundation

/// A lesson as a Jupyter notebook (nbformat 4): its prose as Markdown cells,
/// its cells as code cells, and after each exercise a `:check ID` cell.
///
/// Every code cell is marked in its metadata (``NotebookSubmission/metadata(_:exercise:)``):
/// exercise cells carry their id, as nbgrader marks answer cells, so that
/// `unroll grade N work.ipynb` finds the student's answers.
public enum NotebookExport {
    public static func notebook(for lesson: Lesson) -> JSONValue {
        var cells: [JSONValue] = [code(":lesson \(lesson.number) --attach", .attach)]
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
                "language_info": ["name": .string(LanguageInfo.name), "version": .string(LanguageInfo.version),
                                  "mimetype": .string(LanguageInfo.mimetype), "file_extension": .string(LanguageInfo.fileExtension),
                                  "pygments_lexer": .string(LanguageInfo.pygmentsLexer), "codemirror_mode": .string(LanguageInfo.codemirrorMode),
                                  "nbconvert_exporter": "script"],
                "unroll": ["lesson": .int(lesson.number), "slug": .string(lesson.slug), "exercises": JSONValue(lesson.exercises.map(\.id))],
            ],
            "cells": .array(cells.enumerated().map { index, cell in
                var members = cell.objectValue ?? [:]
                members["id"] = .string("cell-\(index)")
                return .object(members)
            }),
        ]
    }

    /// A concept question: its choices and a cell for the answer (the `:check` cell follows).
    static func questionCells(_ question: Question, id: String) -> [JSONValue] {
        if question.isNumeric {
            return [code("\(id) = none   # your answer: a number", .exercise, exercise: id)]
        }
        let choices = question.choices.map { "- **\($0.key)**: \($0.text)" }.joined(separator: "\n")
        let keys = question.choices.map { "\"\($0.key)\"" }.joined(separator: ", ")
        return [markdown(choices), code("\(id) = none   # your answer: one of \(keys)", .exercise, exercise: id)]
    }

    /// The notebook as JSON text.
    public static func json(for lesson: Lesson) -> Data {
        Data(notebook(for: lesson).encodedBytes(.pretty))
    }

    /// nbformat stores text as a list of lines, each keeping its newline.
    static func lines(_ text: String) -> [String] {
        let parts = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        return parts.enumerated().map { i, line in i == parts.count - 1 ? line : line + "\n" }
    }

    static func markdown(_ text: String) -> JSONValue {
        ["cell_type": "markdown", "metadata": .emptyObject, "source": JSONValue(lines(text))]
    }

    static func code(_ text: String, _ role: NotebookSubmission.Role, exercise: String? = nil) -> JSONValue {
        ["cell_type": "code", "metadata": NotebookSubmission.metadata(role, exercise: exercise), "source": JSONValue(lines(text)),
         "outputs": [], "execution_count": nil]
    }
}
