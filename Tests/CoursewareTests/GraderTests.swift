import XCTest
import Foundation
@testable import Courseware

/// The grader against a small lesson whose answers are known. Each wrong
/// submission below breaks exactly one thing, so it must lose exactly the
/// points of the checks that test that thing.
final class GraderTests: XCTestCase {
    static let lessonText = """
    # Grading fixture

    ```unroll
    W = [[0.5, -0.25], [0.125, 0.75]]
    x = [1.0, 2.0]
    ```

    ## Exercise: one step

    ```unroll starter=step
    h = x
    ```

    ```unroll solution=step
    h = tanh(W @ x)
    ```

    ```unroll check=step
    close h points=2
    shape h (2,) points=1
    uses tanh points=1
    close h * 7919 hidden points=3
    ```

    > **Hint:** a matrix product, then tanh.

    ## Exercise: a step function

    ```unroll starter=fn
    def step(h, x) = h
    ```

    ```unroll solution=fn
    def step(h, x) = tanh(W @ h + x)
    def step_backward(h, x) = (W.T @ (1 - step(h, x) ** 2), 1 - step(h, x) ** 2)
    def scalar_step(h, x) = sum(step(h, x))
    ```

    ```unroll check=fn
    property step (2,) (2,) points=2
    avoids relu points=1
    raises shape step([1, 2, 3], x) points=1
    gradient scalar_step (2,) (2,) points=1
    gradient step_backward of scalar_step (2,) (2,) points=2
    ```
    """

    var lesson: Lesson!
    let grader = Grader(limits: GradingLimits(secondsPerExercise: 2))

    override func setUpWithError() throws {
        lesson = try LessonParser.parse(Self.lessonText, fileName: "99-fixture.md")
    }

    private func grade(_ text: String) -> GradeReport {
        grader.grade(lesson, Submission.parse(Data(text.utf8), for: lesson))
    }

    private let correctStep = "#: exercise step\nh = tanh(W @ x)\n"
    private let correctFunction = """
        #: exercise fn
        def step(h, x) = tanh(W @ h + x)
        def step_backward(h, x) = (W.T @ (1 - step(h, x) ** 2), 1 - step(h, x) ** 2)
        def scalar_step(h, x) = sum(step(h, x))

        """

    func testACorrectSubmissionScoresFullMarks() {
        let report = grade(correctStep + correctFunction)
        XCTAssertEqual(report.maxScore, 14)
        XCTAssertEqual(report.score, 14, report.text)
        XCTAssertEqual(report.problems, [])
    }

    func testEachKindOfWrongAnswerLosesExactlyItsChecksPoints() {
        let cases: [(String, String, Double)] = [
            // A wrong value fails both value checks (2 + 3 hidden); its right shape and its call
            // of tanh count for nothing without a right value.
            ("#: exercise step\nh = tanh(W @ x) * 1.01\n", correctFunction, 7),
            // The right value without calling tanh loses the `uses` point only.
            ("#: exercise step\nh = (exp(2 * (W @ x)) - 1) / (exp(2 * (W @ x)) + 1)\n", correctFunction, 13),
            // The wrong shape fails every check of the exercise.
            ("#: exercise step\nh = tanh(W @ x)[0]\n", correctFunction, 7),
            // Calling a forbidden builtin, even inside a helper function, loses the `avoids` point.
            (correctStep, correctFunction.replacingOccurrences(of: "tanh(W @ h + x)", with: "tanh(W @ h + x + relu(0 * x))"), 13),
            // A backward with the wrong sign fails only the backward check.
            (correctStep, correctFunction.replacingOccurrences(of: "(W.T @ (1 - step(h, x) ** 2), 1 - step(h, x) ** 2)", with: "(W.T @ (step(h, x) ** 2 - 1), 1 - step(h, x) ** 2)"), 12),
        ]
        for (step, function, expected) in cases {
            let report = grade(step + function)
            XCTAssertEqual(report.score, expected, report.text)
        }
    }

    func testHiddenReferenceValuesNeverAppear() throws {
        let report = grade("#: exercise step\nh = [0, 0]\n" + correctFunction)
        let hiddenValue = try XCTUnwrap(report.exercises[0].checks.first { $0.hidden })
        XCTAssertFalse(hiddenValue.passed)
        // The reference h·7919 would show as thousands; its digits must not leak.
        let reference = (tanh(0.5 * 1 - 0.25 * 2) * 7919, tanh(0.125 * 1 + 0.75 * 2) * 7919)
        let everything = report.text + String(decoding: GradescopeResults(report).json(), as: UTF8.self)
        for value in [reference.0, reference.1] where value != 0 {
            XCTAssertFalse(everything.contains(String(format: "%.1f", value).prefix(5)), "leaked \(value): \(everything)")
        }
        XCTAssertEqual(hiddenValue.message, "your answer does not pass this hidden check")
        // The visible check shows the student's own value, not the expected one.
        let visible = try XCTUnwrap(report.exercises[0].checks.first { $0.name == "close h" })
        XCTAssertEqual(visible.message, "h[1] is 0, which is not within rtol=1e-06, atol=1e-09 of the expected value")
    }

    func testBrokenSubmissionsStillGetACompleteReport() {
        let broken: [(String, Data, String)] = [
            ("infinite loop", Data("#: exercise step\nwhile true { }\n".utf8), "time limit"),
            ("giant tensor", Data("#: exercise step\nh = zeros(1000000, 1000000)\n".utf8), "limit"),
            ("syntax error", Data("#: exercise step\nh = tanh(W @ x\n".utf8), "syntax"),
            ("garbage", Data([0xff, 0x00, 0xfe, 0x13, 0x80]), "not a text file"),
            ("empty", Data(), "empty"),
        ]
        for (label, data, fragment) in broken {
            let report = grader.grade(lesson, Submission.parse(data, for: lesson))
            XCTAssertEqual(report.exercises.count, 2, label)
            XCTAssertEqual(report.maxScore, 14, label)
            XCTAssertEqual(report.exercises[0].score, 0, label)
            let text = report.text
            XCTAssertTrue(text.contains(fragment), "\(label): expected '\(fragment)' in\n\(text)")
            XCTAssertTrue(text.contains("\nTotal: 0 / 14\n"), "\(label): \(text)")
        }
    }

    func testAnInfiniteLoopFailsOnlyItsOwnExercise() {
        let report = grade("#: exercise step\nwhile true { }\n" + correctFunction)
        XCTAssertEqual(report.exercises[0].score, 0)
        XCTAssertEqual(report.exercises[1].score, 7)
    }

    func testSubmissionProblemsAreReported() {
        let lesson = self.lesson!
        let duplicate = Submission.parse(Data("#: exercise step\nh = x\n#: exercise step\nh = x\n#: exercise nope\n1\n".utf8), for: lesson)
        XCTAssertTrue(duplicate.problems.contains { $0.contains("appears twice") })
        XCTAssertTrue(duplicate.problems.contains { $0.contains("'nope', which is not an exercise") })
        XCTAssertTrue(duplicate.problems.contains { $0.contains("no answer for exercise 'fn'") })
        XCTAssertEqual(Set(duplicate.answers.keys), ["step"])
    }

    func testTheStarterFileRoundTripsAndScoresNothing() {
        let starter = Submission.starterFile(for: lesson)
        let submission = Submission.parse(Data(starter.utf8), for: lesson)
        XCTAssertEqual(submission.problems, [])
        XCTAssertEqual(submission.answers["step"]?.contains("h = x"), true)
        let report = grader.grade(lesson, submission)
        XCTAssertEqual(report.score, 0)
        XCTAssertEqual(report.exercises[0].error, "this is the starter code, unchanged; an answer earns points once you have changed it")
    }

    /// Gradescope's documented results.json fields, with their JSON types.
    func testResultsJSONFollowsTheGradescopeSchema() throws {
        let report = grade(correctStep)
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: GradescopeResults(report).json()) as? [String: Any])
        XCTAssertEqual(Set(object.keys), ["score", "max_score", "execution_time", "output", "tests", "extra_data"])
        XCTAssertEqual((object["extra_data"] as? [String: Any])?["seed"] as? UInt64, grader.seed)
        XCTAssertTrue(object["score"] is NSNumber)
        XCTAssertTrue(object["max_score"] is NSNumber)
        XCTAssertTrue(object["execution_time"] is NSNumber)
        XCTAssertTrue(object["output"] is String)
        let tests = try XCTUnwrap(object["tests"] as? [[String: Any]])
        XCTAssertEqual(tests.count, 9)
        for test in tests {
            XCTAssertEqual(Set(test.keys), ["name", "score", "max_score", "status", "output", "visibility"])
            XCTAssertTrue(["passed", "failed"].contains(test["status"] as? String))
            XCTAssertTrue(["visible", "hidden"].contains(test["visibility"] as? String))
            XCTAssertTrue(test["name"] is String && test["output"] is String)
            XCTAssertTrue(test["score"] is NSNumber && test["max_score"] is NSNumber)
        }
        XCTAssertEqual(object["score"] as? Double, 7)
    }

    /// A check's own expression may call a builtin the student must avoid.
    func testBuiltinsCalledByCheckExpressionsAreNotTheStudents() throws {
        let text = """
        # Usage

        ## Exercise: length

        ```unroll starter=length
        n = 0
        ```

        ```unroll solution=length
        v = [3, 4]
        n = sqrt(sum(v * v))
        ```

        ```unroll check=length
        true abs(n - norm(v)) < 1e-12
        avoids norm
        ```

        > **Hint:** Pythagoras.
        """
        let lesson = try LessonParser.parse(text, fileName: "01-usage.md")
        let exercise = try XCTUnwrap(lesson.exercise("length"))
        let honest = grader.gradeExercise(exercise, in: lesson, code: exercise.solution)
        XCTAssertEqual(honest.score, 2, "\(honest.checks)")
        let shortcut = grader.gradeExercise(exercise, in: lesson, code: "v = [3, 4]\nn = norm(v)")
        XCTAssertEqual(shortcut.checks.map(\.passed), [true, false])
    }
}
