import XCTest
import Foundation
@testable import Courseware

/// What a student's code can reach, what checks see, and what reports say. Each test
/// is one attack on the grader, kept here so it stays beaten (lessons/README.md,
/// "How grading keeps answers safe").
final class GradingIsolationTests: XCTestCase {
    static let lessonText = """
    # Isolation fixture

    ```unroll
    W = [[0.5, -0.25], [0.125, 0.75]]
    x = [1.0, 2.0]
    def lesson_norm(v) = sqrt(sum(v * v))
    ```

    ## Exercise: a secret

    ```unroll starter=secret
    secret = 0
    ```

    ```unroll solution=secret gives=table
    secret = 42.125
    table = [3.5, 7.25]
    def helper(v) = 2 * v
    ```

    ```unroll check=secret
    close secret
    true abs(secret - 42.125) < 1e-12 hidden
    ```

    > **Hint:** the number in the title.

    Later cells may use what the exercise gives.

    ```unroll
    doubled = 2 * table
    ```

    ## Exercise: the step

    ```unroll starter=step
    h = x
    ```

    ```unroll solution=step
    h = tanh(W @ x)
    ```

    ```unroll check=step
    close h points=2
    true abs(h[1] - tanh(0.125 + 1.5)) < 1e-12
    shape h (2,)
    uses tanh
    ```

    > **Hint:** tanh of the product.

    ## Exercise: a function

    ```unroll starter=fn
    def f(v) = v
    ```

    ```unroll solution=fn
    def f(v) = sum(tanh(W @ v))
    ```

    ```unroll check=fn
    property f (2,) points=2
    gradient f (2,) points=2
    close f(x) + 0 * lesson_norm(x) reveal
    avoids sqrt hidden
    ```

    > **Hint:** sum it.
    """

    var lesson: Lesson!

    override func setUpWithError() throws {
        lesson = try LessonParser.parse(Self.lessonText, fileName: "98-isolation.md")
    }

    private func grade(_ answers: [(String, String)], seed: UInt64 = 7, grader: Grader? = nil) -> GradeReport {
        let text = answers.map { "#: exercise \($0.0)\n\($0.1)\n" }.joined()
        let chosen = grader ?? Grader(limits: GradingLimits(secondsPerExercise: 5), seed: seed)
        return chosen.grade(lesson, Submission.parse(Data(text.utf8), for: lesson))
    }

    private func exercise(_ report: GradeReport, _ id: String) throws -> ExerciseReport {
        try XCTUnwrap(report.exercises.first { $0.id == id })
    }

    private var correct: [(String, String)] {
        lesson.exercises.map { ($0.id, $0.solution) }
    }

    private func replacing(_ id: String, with code: String) -> [(String, String)] {
        correct.map { $0.0 == id ? ($0.0, code) : $0 }
    }

    func testTheReferenceSolutionsScoreFullMarks() {
        let report = grade(correct)
        XCTAssertEqual(report.score, report.maxScore, report.text)
        XCTAssertEqual(report.maxScore, 13)
    }

    // MARK: Attack 1: reading earlier reference answers

    func testEarlierReferenceAnswersAreOutOfReach() throws {
        // The student did not answer `secret`; its reference value and helper must not be there.
        var answers = replacing("step", with: "h = tanh(W @ x)\nleak = secret")
        answers.removeFirst()
        var report = grade(answers)
        XCTAssertEqual(try exercise(report, "step").error, "line 2:8: name error: unknown name 'secret'")
        answers = replacing("step", with: "h = helper(x)")
        answers.removeFirst()
        report = grade(answers)
        XCTAssertTrue(try exercise(report, "step").error?.contains("unknown name 'helper'") == true, report.text)
        XCTAssertFalse(report.text.contains("42.125"))
    }

    func testGivenNamesArriveAsValuesWithoutHistory() throws {
        // `table` is given: later code sees the reference's values, as a plain leaf.
        let report = grade(replacing("step", with: "h = tanh(W @ x)\nprobe = graph(table)\ncheck = doubled[1] - 14.5"))
        XCTAssertEqual(try exercise(report, "step").score, 5, report.text)
        let session = try XCTUnwrap(try? Grader().prepared(lesson.exercises[1], in: lesson).get()).lessonState
        guard case .tensor(let table)? = session.value(of: "table") else { return XCTFail("table is given") }
        XCTAssertEqual(table.value.scalars, [3.5, 7.25])
        XCTAssertTrue(table.inputs.isEmpty, "a given value carries no autodiff history")
        XCTAssertNil(session.value(of: "secret"))
        XCTAssertNil(session.value(of: "helper"))
    }

    func testTheStudentsOwnEarlierAnswersAreThere() throws {
        // A helper defined in one answer can be used in a later one, as in the REPL.
        var answers = replacing("secret", with: "secret = 42.125\ndef my_tanh(v) = tanh(v)")
        answers = answers.map { $0.0 == "step" ? ($0.0, "h = my_tanh(W @ x)") : $0 }
        let report = grade(answers)
        XCTAssertEqual(try exercise(report, "step").score, 5, report.text)
    }

    func testALessonCellThatUsesAnAnswerItIsNotGivenIsReported() throws {
        let text = Self.lessonText.replacingOccurrences(of: "doubled = 2 * table", with: "doubled = 2 * secret")
        let lesson = try LessonParser.parse(text, fileName: "98-isolation.md")
        let report = Grader().grade(lesson, Submission(answers: ["step": "h = tanh(W @ x)"]))
        let error = try XCTUnwrap(report.exercises[1].error)
        XCTAssertTrue(error.contains("fails where students' answers run") && error.contains("gives="), error)
    }

    func testAFunctionCannotBeGiven() throws {
        let text = Self.lessonText.replacingOccurrences(of: "gives=table", with: "gives=helper")
        let lesson = try LessonParser.parse(text, fileName: "98-isolation.md")
        let report = Grader().grade(lesson, Submission(answers: ["step": "h = tanh(W @ x)"]))
        XCTAssertTrue(report.exercises[1].error?.contains("only values can be given") == true, report.text)
    }

    // MARK: Attack 3: shadowing what checks call

    func testChecksUseTheLessonsBuiltinsAndNames() throws {
        // A wrong h whose `true` check would pass with these abs, tanh and W.
        let cheat = "h = [0, 1]\ndef abs(v) = 0\ndef tanh(v) = 0 * v + 1\nW = [[1, 0], [0, 1]]"
        var report = grade(replacing("step", with: cheat))
        let checks = try exercise(report, "step").checks
        XCTAssertEqual(checks.map(\.passed), [false, false, false, false], report.text)
        // With the right h, the same shadowing changes nothing: every check passes.
        report = grade(replacing("step", with: "h = tanh(W @ x)\ndef abs(v) = 1e9\ndef tanh(v) = v\nW = 0"))
        XCTAssertEqual(try exercise(report, "step").score, 5, report.text)
    }

    // MARK: Attack 2: predictable inputs

    func testTheSeedChoosesTheInputsAndIsRecorded() throws {
        // A wrong f shows its own value at the first random input; that value moves with the seed.
        let wrong = replacing("fn", with: "def f(v) = v[0] * 1000")
        let first = grade(wrong, seed: 1), again = grade(wrong, seed: 1), other = grade(wrong, seed: 2)
        XCTAssertEqual(first.seed, 1)
        XCTAssertTrue(first.text.contains("--seed 1"))
        XCTAssertEqual(first.exercises, again.exercises, "the same seed replays the run")
        XCTAssertNotEqual(try exercise(first, "fn").checks[0].message, try exercise(other, "fn").checks[0].message)
        let inputs = CheckInputs(seed: 1, exercise: 2, check: 0)
        XCTAssertNotEqual(inputs.draw(RandomInputs(shapes: [[3]]), trial: 0), inputs.draw(RandomInputs(shapes: [[3]]), trial: 1))
        XCTAssertNotEqual(inputs.draw(RandomInputs(shapes: [[3]]), trial: 0),
                          CheckInputs(seed: 2, exercise: 2, check: 0).draw(RandomInputs(shapes: [[3]]), trial: 0))
        let scaled = try XCTUnwrap(inputs.draw(RandomInputs(shapes: [[3]], scale: 1000), trial: 0))
        let plain = try XCTUnwrap(inputs.draw(RandomInputs(shapes: [[3]]), trial: 0))
        XCTAssertEqual(scaled[0].scalars, plain[0].scalars.map { $0 * 1000 })
    }

    // MARK: Attack 5: self-consistent gradients

    func testAConstantDoesNotPassAGradientCheck() throws {
        let report = grade(replacing("fn", with: "def f(v) = 0 * sum(v)"))
        let gradient = try XCTUnwrap(try exercise(report, "fn").checks.first { $0.name.hasPrefix("gradient") })
        XCTAssertFalse(gradient.passed)
        XCTAssertTrue(gradient.message.hasPrefix("the gradient of f for input 1["), gradient.message)
        // Right values with a detached derivative fail the gradient check only.
        let detached = grade(replacing("fn", with: "def f(v) = sum(tanh(W @ detach(v)))"))
        XCTAssertEqual(try exercise(detached, "fn").checks.map(\.passed), [true, false, true, true], detached.text)
    }

    // MARK: Attack 4: check text as a hint

    func testHiddenChecksSayOnlyThatTheyFailed() throws {
        let report = grade(replacing("secret", with: "secret = 41"))
        let hidden = try XCTUnwrap(try exercise(report, "secret").checks.first(where: \.hidden))
        XCTAssertEqual(hidden.message, "your answer does not pass this hidden check")
        let erroring = grade(replacing("secret", with: "secret = \"text\""))
        let broken = try XCTUnwrap(try exercise(erroring, "secret").checks.first(where: \.hidden))
        XCTAssertEqual(broken.message, "your code fails with an error in this hidden check")
        for text in [report.text, erroring.text, String(decoding: GradescopeResults(erroring).json(), as: UTF8.self)] {
            XCTAssertFalse(text.contains("42.125"), text)
            XCTAssertFalse(text.contains("abs(secret"), text)
        }
    }

    func testOnlyARevealCheckShowsTheExpectedValue() throws {
        let report = grade(replacing("fn", with: "def f(v) = sum(W @ v)"))
        let checks = try exercise(report, "fn").checks
        XCTAssertFalse(checks[0].message.contains(", expected"), checks[0].message)
        let closeness = Closeness(rtol: 1e-6, atol: 1e-9)
        let expected = tanh(0.5 - 0.5) + tanh(0.125 + 1.5)
        XCTAssertEqual(checks[2].message, "f(x) + 0 * lesson_norm(x) is \(closeness.number(1.625)), expected \(closeness.number(expected)) (within rtol=1e-06, atol=1e-09)")
    }

    // MARK: Partial credit

    func testChecksOfFormCountOnlyNextToARightValue() throws {
        let report = grade(replacing("step", with: "h = [0, 0] + 0 * tanh(x)"))
        let checks = try exercise(report, "step").checks
        XCTAssertEqual(checks.map(\.points), [0, 0, 0, 0])
        XCTAssertEqual(checks[2].message, CheckFailure.notCounted.detail)
    }

    func testAnUnchangedStarterScoresNothingWhateverItsSpacing() throws {
        let report = grade(replacing("fn", with: "# my answer\ndef  f( v )  =  v   # unchanged\n"))
        XCTAssertEqual(try exercise(report, "fn").score, 0)
        XCTAssertTrue(try exercise(report, "fn").error?.contains("starter code, unchanged") == true)
        XCTAssertTrue(lesson.exercises[2].isStarter("def f(v) = v"))
        XCTAssertFalse(lesson.exercises[2].isStarter("def f(v) = v + 0"))
    }

    // MARK: Usage checks

    func testBuiltinsCountAsTheStudentsOnlyInTheStudentsCode() throws {
        // A check expression may call a lesson function that calls sqrt: not the student's call.
        XCTAssertEqual(try exercise(grade(correct), "fn").score, 6)
        // A helper from an earlier answer, called by this answer's function, counts.
        var answers = replacing("secret", with: "secret = 42.125\ndef length(v) = sqrt(sum(v * v))")
        answers = answers.map { $0.0 == "fn" ? ($0.0, "def f(v) = sum(tanh(W @ v)) + 0 * length(v)") : $0 }
        let report = grade(answers)
        XCTAssertEqual(try exercise(report, "fn").checks.map(\.passed), [true, true, true, false], report.text)
    }

    func testAnswerNamesAreWhatTheSolutionBindsAtTheTopLevel() {
        let names = AnswerNames.of("a = 1\nb, c = (1, 2)\ndef f(x) { inner = x\n return inner }\nfor i in 0..2 { if true { d = i } }\nwhile false { e = 1 }")
        XCTAssertEqual(names, ["a", "b", "c", "f", "i", "d", "e"])
    }
}
