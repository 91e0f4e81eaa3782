import XCTest
import Foundation
@testable import Kernel
@testable import Courseware
import TensorLang

/// Every lesson in lessons/ passes `unroll lesson check` (the same code), and
/// every builtin the prose names exists.
final class AllLessonsTests: XCTestCase {
    private func loadLessons() throws -> [Lesson] {
        let library = try XCTUnwrap(LessonLibrary.locate(environment: [:]), "the lessons folder")
        let (lessons, errors) = library.load()
        XCTAssertEqual(errors.map(\.description), [], "every lesson file parses")
        XCTAssertFalse(lessons.isEmpty, "lessons/ holds the course")
        return lessons
    }

    /// `unroll lesson check` on every lesson: each cell runs, each claim holds, each
    /// solution gets full marks, each starter 0, each mutant at most a third and is
    /// recognised by `:check`. The lessons with odd and with even numbers are two tests,
    /// so that `swift test --parallel` audits them side by side.
    func testEveryOddNumberedLessonPassesLessonCheck() throws {
        try auditLessons { $0 % 2 == 1 }
    }

    func testEveryEvenNumberedLessonPassesLessonCheck() throws {
        try auditLessons { $0 % 2 == 0 }
    }

    private func auditLessons(numbered wanted: (Int) -> Bool) throws {
        let lessons = try loadLessons().filter { wanted($0.number) }
        XCTAssertFalse(lessons.isEmpty, "some lessons have such numbers")
        for lesson in lessons {
            XCTAssertGreaterThanOrEqual(lesson.exercises.count, 2, "\(lesson.slug) has at least two exercises")
            XCTAssertTrue(lesson.exercises.contains { $0.checks.contains(where: \.hidden) }, "\(lesson.slug) has hidden checks")
            let file = String(format: "lessons/%02d-%@.md", lesson.number, lesson.slug)
            let audit = LessonAudit.run(lesson, file: file, makeInterpreter: Session.makeGradingInterpreter)
            for problem in audit.problems { XCTFail(problem.description) }
        }
    }

    /// At least a third of the exercises make the student write real code (counted as the
    /// audit counts its long exercises).
    func testAThirdOfTheExercisesNeedRealCode() throws {
        let exercises = try loadLessons().flatMap(\.exercises).filter { $0.question == nil }
        let long = exercises.filter(LessonAudit.isLong).count
        XCTAssertGreaterThanOrEqual(3 * long, exercises.count, "\(long) of \(exercises.count) exercises need at least \(LessonAudit.longAnswer) lines of the student's own code")
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
}
