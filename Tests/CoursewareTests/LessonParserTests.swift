import XCTest
@testable import Courseware

final class LessonParserTests: XCTestCase {
    let sample = """
    # The loss of one step

    Scores for four characters.

    ```unroll
    scores = [1.0, 2.0, 0.5, -1.0]
    ```

    Some prose with an ordinary block:

    ```python
    not run
    ```

    ## Exercise: cross-entropy

    Compute the loss for target 2.

    ```unroll starter=step_loss
    loss = 0
    ```

    ```unroll solution=step_loss
    loss = cross_entropy(scores, 2)
    ```

    ```unroll check=step_loss
    close loss points=2
    shape loss () hidden
    # comments are ignored
    avoids log_softmax
    property f (3,) (2, 3) trials=4 rtol=1e-8
    ```

    > **Hint:** softmax first.
    > **Hint:** then -log of the target's probability.

    That is all.
    """

    func testStepsExercisesChecksAndHints() throws {
        let lesson = try LessonParser.parse(sample, fileName: "02-hello.md")
        XCTAssertEqual(lesson.number, 2)
        XCTAssertEqual(lesson.slug, "hello")
        XCTAssertEqual(lesson.title, "The loss of one step")
        XCTAssertEqual(lesson.steps.count, 3)
        XCTAssertEqual(lesson.steps[0].cell, Cell(code: "scores = [1.0, 2.0, 0.5, -1.0]", role: .lesson, line: 6))
        XCTAssertTrue(lesson.steps[1].prose.contains("```python\nnot run\n```"), "other blocks stay prose")
        XCTAssertEqual(lesson.steps[1].cell?.role, .starter(exercise: "step_loss"))
        XCTAssertEqual(lesson.steps[2].cell, nil)
        XCTAssertTrue(lesson.steps[2].prose.contains("That is all."))

        let exercise = try XCTUnwrap(lesson.exercise("step_loss"))
        XCTAssertEqual(exercise.title, "cross-entropy")
        XCTAssertEqual(exercise.stepIndex, 1)
        XCTAssertEqual(exercise.solution, "loss = cross_entropy(scores, 2)")
        XCTAssertEqual(exercise.hints, ["softmax first.", "then -log of the target's probability."])
        XCTAssertEqual(exercise.checks.map(\.kind), [
            .close(expression: "loss", rtol: 1e-6, atol: 1e-9),
            .shape(expression: "loss", shape: []),
            .avoids(name: "log_softmax"),
            .property(function: "f", inputs: RandomInputs(shapes: [[3], [2, 3]]), trials: 4, rtol: 1e-8, atol: 1e-9),
        ])
        XCTAssertEqual(exercise.checks.map(\.points), [2, 1, 1, 1])
        XCTAssertEqual(exercise.checks.map(\.hidden), [false, true, false, false])
        XCTAssertEqual(exercise.checks[0].line, 28)
        XCTAssertEqual(exercise.maxPoints, 5)
        XCTAssertEqual(lesson.setupCode(before: 1).map(\.code), ["scores = [1.0, 2.0, 0.5, -1.0]"])
    }

    /// Each broken lesson names its problem and line.
    func testMistakesInALessonFileAreReportedWithTheirLine() {
        let cases: [(String, Int, String)] = [
            ("# T\n```unroll\nx = 1\n", 2, "never closed"),
            ("# T\n## Exercise: a\n```unroll solution=a\nx\n```\n", 3, "no exercise 'a' yet"),
            ("# T\n## Exercise: a\n```unroll starter=a\nx\n```\n", 3, "has no solution"),
            ("# T\n## Exercise: a\n```unroll starter=a\nx\n```\n```unroll solution=a\nx\n```\n", 3, "has no check"),
            ("# T\n## Exercise: a\n```unroll starter=a\nx\n```\n```unroll solution=a\nx\n```\n```unroll check=a\nfrobnicate x\n```\n", 10, "unknown check 'frobnicate'"),
            ("# T\n## Exercise: a\ntext\n## Exercise: b\n", 2, "has no starter"),
            ("# T\n## Exercise: a\n```unroll starter=a b=c\nx\n```\n", 3, "takes one attribute"),
            ("# T\n```unroll starter=9x\nx\n```\n", 2, "not a valid exercise id"),
            ("# T\n```unroll check=a\nshape x (2, y)\n```\n", 2, "no exercise 'a' yet"),
            ("no title\n", 1, "starts with a '# Title'"),
        ]
        for (text, line, fragment) in cases {
            XCTAssertThrowsError(try LessonParser.parse(text, fileName: "01-t.md"), fragment) { error in
                guard let e = error as? LessonError else { return XCTFail("\(error)") }
                XCTAssertEqual(e.line, line, "\(fragment): \(e)")
                XCTAssertTrue(e.message.contains(fragment), "expected '\(fragment)' in '\(e.message)'")
            }
        }
    }

    /// Found by the fuzzer: a fence attribute of only "=" trapped (an empty split).
    func testAFenceAttributeOfOnlyAnEqualsSignIsNotACrash() {
        for line in ["```unroll ==", "```unroll =", "```unroll check=", "```unroll =x"] {
            _ = try? LessonParser.parse("# T\n\n\(line)\nx = 1\n```\n", fileName: "01-t.md")
        }
    }

    func testFileNamesGiveNumberAndSlug() throws {
        XCTAssertThrowsError(try LessonParser.parse("# T", fileName: "intro.md"))
        XCTAssertEqual(try LessonParser.parse("# T", fileName: "15-trade-offs.md").slug, "trade-offs")
    }

    func testCheckLinesParseEveryKind() throws {
        func kind(_ s: String) throws -> CheckKind { try CheckParser.parse(s, line: 1).kind }
        XCTAssertEqual(try kind("shape W @ h (2, 3)"), .shape(expression: "W @ h", shape: [2, 3]))
        XCTAssertEqual(try kind("true norm(g) <= 5"), .isTrue(expression: "norm(g) <= 5"))
        XCTAssertEqual(try kind("gradient loss_fn (4,)"), .gradient(backward: nil, function: "loss_fn", inputs: RandomInputs(shapes: [[4]]), rtol: 1e-5))
        XCTAssertEqual(try kind("gradient my_backward of loss_fn (4,) (2, 4) rtol=1e-8"),
                       .gradient(backward: "my_backward", function: "loss_fn", inputs: RandomInputs(shapes: [[4], [2, 4]]), rtol: 1e-8))
        XCTAssertEqual(try kind("uses tanh"), .uses(name: "tanh"))
        XCTAssertEqual(try kind("raises shape W @ [1, 2, 3]"), .raises(kind: "shape", expression: "W @ [1, 2, 3]"))
        XCTAssertThrowsError(try kind("close"))
        XCTAssertThrowsError(try kind("close x rtol=-1"))
        XCTAssertThrowsError(try kind("property f"))
        XCTAssertThrowsError(try kind("property f (2,) trials=0"))
        XCTAssertThrowsError(try kind("shape x (1, 2, 3, 4, 5)"))
        XCTAssertEqual(try kind("property f (4,) scale=1000 trials=3"),
                       .property(function: "f", inputs: RandomInputs(shapes: [[4]], scale: 1000), trials: 3, rtol: 1e-6, atol: 1e-9))
        XCTAssertThrowsError(try kind("property f (2,) scale=0"))
    }

    func testVisibilityIsHiddenVisibleOrReveal() throws {
        func visibility(_ s: String) throws -> CheckVisibility { try CheckParser.parse(s, line: 1).visibility }
        XCTAssertEqual(try visibility("close x"), .visible)
        XCTAssertEqual(try visibility("close x hidden points=2"), .hidden)
        XCTAssertEqual(try visibility("close x reveal"), .revealed)
        XCTAssertEqual(try CheckParser.parse("close x reveal points=2", line: 1).source, "close x")
    }

    /// `gives=` names what a solution hands to the rest of the lesson.
    func testASolutionMayGiveNames() throws {
        let text = "# T\n## Exercise: a\n```unroll starter=a\nx = 0\n```\n```unroll solution=a gives=x,y\nx = 1\ny = 2\n```\n```unroll check=a\nclose x\n```\n"
        XCTAssertEqual(try LessonParser.parse(text, fileName: "01-t.md").exercises[0].gives, ["x", "y"])
        for (bad, fragment) in [("gives=x,", "'' is not a name"), ("gives=1x", "'1x' is not a name")] {
            XCTAssertThrowsError(try LessonParser.parse(text.replacingOccurrences(of: "gives=x,y", with: bad), fileName: "01-t.md")) { error in
                XCTAssertTrue((error as? LessonError)?.message.contains(fragment) == true, "\(error)")
            }
        }
        let onStarter = text.replacingOccurrences(of: "starter=a", with: "starter=a gives=x")
        XCTAssertThrowsError(try LessonParser.parse(onStarter, fileName: "01-t.md")) { error in
            XCTAssertTrue((error as? LessonError)?.message.contains("only a solution adds gives=") == true, "\(error)")
        }
    }
}
