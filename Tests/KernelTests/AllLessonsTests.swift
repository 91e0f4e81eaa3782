import XCTest
import Foundation
@testable import Kernel
@testable import Courseware
import TensorLang

/// Every lesson in lessons/, top to bottom, in fresh sessions: each cell runs,
/// each reference solution passes all of its checks, each starter fails at
/// least one, and every builtin the prose names exists.
final class AllLessonsTests: XCTestCase {
    private func loadLessons() throws -> [Lesson] {
        let library = try XCTUnwrap(LessonLibrary.locate(environment: [:]), "the lessons folder")
        let (lessons, errors) = library.load()
        XCTAssertEqual(errors.map(\.description), [], "every lesson file parses")
        XCTAssertFalse(lessons.isEmpty, "lessons/ holds the course")
        return lessons
    }

    func testEveryCellRunsInOrder() throws {
        for lesson in try loadLessons() {
            let interpreter = Session.makeGradingInterpreter()
            for step in lesson.steps {
                guard let cell = step.cell else { continue }
                let code: String
                switch cell.role {
                case .lesson: code = cell.code
                case .starter(let id): code = lesson.exercise(id)?.solution ?? ""
                }
                let failure = runWithDeadline(code, in: interpreter, seconds: 30, tracing: nil)
                XCTAssertNil(failure, "\(lesson.slug) line \(cell.line): \(failure ?? "")")
            }
        }
    }

    func testSolutionsPassEveryCheckAndStartersFailOne() throws {
        for lesson in try loadLessons() {
            XCTAssertGreaterThanOrEqual(lesson.exercises.count, 2, "\(lesson.slug) has at least two exercises")
            XCTAssertTrue(lesson.exercises.contains { $0.checks.contains(where: \.hidden) }, "\(lesson.slug) has hidden checks")
            let grader = Grader(limits: GradingLimits(secondsPerExercise: 30), makeInterpreter: Session.makeGradingInterpreter)
            for exercise in lesson.exercises {
                let solved = grader.gradeExercise(exercise, in: lesson, code: exercise.solution)
                XCTAssertEqual(solved.score, solved.maxScore, "\(lesson.slug)/\(exercise.id) solution: \(failures(solved))")
                XCTAssertTrue(exercise.checks.contains { !$0.hidden }, "\(lesson.slug)/\(exercise.id) has a visible check")
                XCTAssertFalse(exercise.hints.isEmpty, "\(lesson.slug)/\(exercise.id) has a hint")
                let started = grader.gradeExercise(exercise, in: lesson, code: exercise.starter)
                XCTAssertLessThan(started.score, started.maxScore, "\(lesson.slug)/\(exercise.id): the starter must fail a check")
            }
        }
    }

    func testEveryBuiltinThatProseNamesExists() throws {
        let interpreter = Session.makeGradingInterpreter()
        // `name(` in inline code; names ending in `_` are maths such as `h_(t−1)`.
        let called = try NSRegularExpression(pattern: "`([a-z_][a-z0-9_]*[a-z0-9])\\(")
        for lesson in try loadLessons() {
            let defined = Set(lesson.steps.compactMap(\.cell).flatMap { definedFunctions($0.code) }
                + lesson.exercises.flatMap { definedFunctions($0.solution) })
            for step in lesson.steps {
                let prose = step.prose
                for match in called.matches(in: prose, range: NSRange(prose.startIndex..., in: prose)) {
                    guard let range = Range(match.range(at: 1), in: prose) else { continue }
                    let name = String(prose[range])
                    XCTAssertTrue(interpreter.registry.entries[name] != nil || defined.contains(name),
                                  "\(lesson.slug) names `\(name)(…)`, which is neither a builtin nor defined in the lesson")
                }
            }
        }
    }

    private func definedFunctions(_ code: String) -> [String] {
        code.split(separator: "\n").compactMap { line in
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard trimmed.hasPrefix("def ") else { return nil }
            return trimmed.dropFirst(4).split(whereSeparator: { $0 == "(" || $0 == " " }).first.map(String.init)
        }
    }

    private func failures(_ report: ExerciseReport) -> String {
        ([report.error].compactMap { $0 } + report.checks.filter { !$0.passed }.map { "\($0.name): \($0.message)" }).joined(separator: "; ")
    }
}
