import Foundation

/// The outcome of one check.
public struct CheckResult: Sendable, Equatable {
    /// The check as written in the lesson, e.g. `close loss`.
    public var name: String
    public var passed: Bool
    public var points: Double
    public var maxPoints: Double
    public var hidden: Bool
    /// Why it did not pass. A hidden check's message never quotes its expression or a value.
    public var message: String
}

/// The outcome of one exercise.
public struct ExerciseReport: Sendable, Equatable {
    public var id: String
    public var title: String
    public var checks: [CheckResult]
    /// Why the student's code could not be run to the end, if it could not.
    public var error: String?

    public var score: Double { checks.reduce(0) { $0 + $1.points } }
    public var maxScore: Double { checks.reduce(0) { $0 + $1.maxPoints } }
}

/// The outcome of grading one submission against one lesson.
public struct GradeReport: Sendable, Equatable {
    /// The lesson's number and short name, e.g. `7 (vanishing)`.
    public var lesson: String
    public var exercises: [ExerciseReport]
    /// Problems with the submission file itself.
    public var problems: [String]
    /// Wall-clock seconds the grading took.
    public var executionTime: Double
    /// The seed the check inputs were drawn from (`unroll grade … --seed N` replays it).
    public var seed: UInt64?

    public init(lesson: String, exercises: [ExerciseReport], problems: [String], executionTime: Double, seed: UInt64? = nil) {
        self.lesson = lesson
        self.exercises = exercises
        self.problems = problems
        self.executionTime = executionTime
        self.seed = seed
    }

    public init(lesson: Lesson, exercises: [ExerciseReport], problems: [String], executionTime: Double, seed: UInt64?) {
        self.init(lesson: "\(lesson.number) (\(lesson.slug))", exercises: exercises, problems: problems, executionTime: executionTime, seed: seed)
    }

    public var score: Double { exercises.reduce(0) { $0 + $1.score } }
    public var maxScore: Double { exercises.reduce(0) { $0 + $1.maxScore } }

    /// The report as a person reads it: per exercise, each check with its points, then the total.
    public var text: String {
        var lines = ["Lesson \(lesson)"]
        for problem in problems { lines.append("  ! \(problem)") }
        for exercise in exercises {
            lines.append("")
            lines.append("\(exercise.id) — \(exercise.title): \(points(exercise.score)) / \(points(exercise.maxScore))")
            if let error = exercise.error { lines.append("  ! \(error)") }
            for check in exercise.checks {
                let mark = check.passed ? "✓" : "✗"
                let name = check.hidden ? "hidden check" : check.name
                var line = "  \(mark) \(name) (\(points(check.points))/\(points(check.maxPoints)))"
                if !check.passed { line += ": \(check.message)" }
                lines.append(line)
            }
        }
        lines.append("")
        lines.append("Total: \(points(score)) / \(points(maxScore))")
        if let seed { lines.append("Check inputs drawn with --seed \(seed).") }
        return lines.joined(separator: "\n")
    }

    func points(_ p: Double) -> String {
        p == p.rounded() ? String(Int(p)) : String(format: "%.2f", p)
    }
}
