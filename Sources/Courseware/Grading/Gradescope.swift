import Formats
import Foundation

/// Gradescope's autograder `results.json`, the format most course platforms
/// accept: `score`, `max_score`, `execution_time`, `output`, `tests[]`.
public struct GradescopeResults: Sendable, Equatable {
    public struct Test: Sendable, Equatable {
        public var name: String
        public var score: Double
        public var max_score: Double
        /// `passed` or `failed`.
        public var status: String
        public var output: String
        /// `visible`, or `hidden` for checks students see only after publication.
        public var visibility: String
    }

    public var score: Double
    public var max_score: Double
    public var execution_time: Double
    public var output: String
    public var tests: [Test]
    /// The seed the check inputs were drawn from, kept in `extra_data` (for instructors).
    public var seed: UInt64?

    public init(_ report: GradeReport) {
        score = report.score
        max_score = report.maxScore
        execution_time = (report.executionTime * 1000).rounded() / 1000
        output = report.problems.isEmpty ? "Lesson \(report.lesson)" : report.problems.joined(separator: "\n")
        seed = report.seed
        tests = report.exercises.flatMap { exercise in
            exercise.checks.map { check in
                Test(name: "\(exercise.id): \(check.hidden ? "hidden check" : check.name)",
                     score: check.points, max_score: check.maxPoints,
                     status: check.passed ? "passed" : "failed",
                     output: check.passed ? "" : check.message,
                     visibility: check.hidden ? "hidden" : "visible")
            }
        }
    }

    /// `results.json`: pretty-printed, keys sorted.
    public func json() -> Data {
        let tests = self.tests.map { test -> JSONValue in
            ["name": .string(test.name), "score": .double(test.score), "max_score": .double(test.max_score),
             "status": .string(test.status), "output": .string(test.output), "visibility": .string(test.visibility)]
        }
        var extra: [String: JSONValue] = [:]
        if let seed { extra["seed"] = Int(exactly: seed).map(JSONValue.int) ?? .string(String(seed)) }
        let results: JSONValue = ["score": .double(score), "max_score": .double(max_score), "execution_time": .double(execution_time),
                                  "output": .string(output), "tests": .array(tests), "extra_data": .object(extra)]
        return Data(results.encodedBytes(.pretty))
    }
}
