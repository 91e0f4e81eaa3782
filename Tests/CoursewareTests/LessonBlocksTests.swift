import XCTest
import Foundation
@testable import Courseware

/// The authoring blocks beyond cells and exercises: `unroll assert`, `mutant=ID`
/// and `## Question:` with its `question=ID` block.
final class LessonBlocksTests: XCTestCase {
    static let text = """
    # Blocks

    ```unroll
    W = [[2, 0], [0, 3]]
    ```

    The first entry is 2.

    ```unroll assert
    W[0, 0] == 2
    ```

    ## Exercise: scale

    ```unroll starter=scale
    v = none
    ```

    ```unroll solution=scale
    v = W @ [1, 1]
    ```

    ```unroll mutant=scale
    # mistake: transposed W
    # hint: the matrix comes first;
    #   a vector on the left multiplies rows.
    v = W.T @ [1, 1]
    ```

    ```unroll check=scale
    close v
    ```

    > **Hint:** use @.

    ## Question: which grows?

    ```unroll question=grows
    answer: b
    a: 0.9 times an orthogonal matrix | every step shrinks by 0.9
    b: 1.1 times an orthogonal matrix
    c: |x| stays put | no
    ```

    > **Hint:** powers of the stretch.

    ## Question: how much?

    ```unroll question=much
    answer: 1.1 ** 2   rtol=0.001 points=2
    wrong: 2.2 | that is 2 · 1.1: steps multiply, they do not add
    ```
    """

    func testAssertionsMutantsAndQuestionsAreParsedWithTheirLines() throws {
        let lesson = try LessonParser.parse(Self.text, fileName: "03-blocks.md")
        XCTAssertEqual(lesson.assertions, [Assertion(code: "W[0, 0] == 2", line: 10, afterSteps: 1)])
        XCTAssertFalse(lesson.steps.contains { $0.prose.contains("W[0, 0]") }, "an assertion is never shown")
        XCTAssertEqual(lesson.steps.count, 4, "a cell, an exercise and two questions")

        let scale = try XCTUnwrap(lesson.exercise("scale"))
        XCTAssertEqual(scale.mutants, [Mutant(mistake: "transposed W", hint: "the matrix comes first; a vector on the left multiplies rows.",
                                              code: "v = W.T @ [1, 1]", line: 23)])
        XCTAssertNil(scale.question)

        let grows = try XCTUnwrap(lesson.exercise("grows"))
        XCTAssertEqual(grows.question?.choices.map(\.key), ["a", "b", "c"])
        XCTAssertEqual(grows.question?.choices[2].text, "|x| stays put", "a bar inside the text is kept")
        XCTAssertEqual(grows.starter, "grows = none")
        XCTAssertEqual(grows.solution, "grows = \"b\"")
        XCTAssertEqual(grows.checks.map(\.kind), [.answer(name: "grows", choices: ["a", "b", "c"], rtol: 0.01)])
        XCTAssertEqual(grows.mutants.map(\.code), ["grows = \"a\"", "grows = \"c\""])
        XCTAssertEqual(grows.mutants.map(\.hint), ["every step shrinks by 0.9", "no"])
        XCTAssertEqual(grows.hints, ["powers of the stretch."])
        XCTAssertEqual(lesson.steps[grows.stepIndex].cell?.role, .starter(exercise: "grows"))

        let much = try XCTUnwrap(lesson.exercise("much"))
        XCTAssertEqual(much.question?.isNumeric, true)
        XCTAssertEqual(much.solution, "much = 1.1 ** 2")
        XCTAssertEqual(much.checks.map(\.kind), [.answer(name: "much", choices: [], rtol: 0.001)])
        XCTAssertEqual(much.maxPoints, 2)
        XCTAssertEqual(much.mutants.map(\.code), ["much = 2.2"])
    }

    func testAChoiceKeyIsFoundWithoutCaseOrSurroundingSpaces() {
        XCTAssertEqual(Question.choiceKey(" C ", among: ["a", "b", "c", "d"]), "c")
        XCTAssertEqual(Question.choiceKey("B\n", among: ["a", "b"]), "b")
        XCTAssertEqual(Question.choiceKey("yes", among: ["Yes", "No"]), "Yes")
        XCTAssertNil(Question.choiceKey("e", among: ["a", "b"]))
        XCTAssertNil(Question.choiceKey("a b", among: ["a", "b"]))
        XCTAssertNil(Question.choiceKey("", among: ["a", "b"]))
        XCTAssertEqual(Question.choiceKey("A", among: ["a", "A"]), "A", "an exact key wins")
        XCTAssertNil(Question.choiceKey(" a", among: ["a", "A"]), "two keys that differ only in case: no guessing")
    }

    func testTheStarterFileShowsAQuestionsChoices() throws {
        let lesson = try LessonParser.parse(Self.text, fileName: "03-blocks.md")
        let file = Submission.starterFile(for: lesson)
        XCTAssertTrue(file.contains("""
            #: exercise grows
            # which grows?
            #   a: 0.9 times an orthogonal matrix
            #   b: 1.1 times an orthogonal matrix
            #   c: |x| stays put
            # answer with a choice: grows = "a"
            grows = none
            """), file)
        XCTAssertTrue(file.contains("# answer with a number: much = 0.25\nmuch = none"), file)
        XCTAssertFalse(file.contains("every step shrinks"), "feedback is not in the starter file")
        let submission = Submission.parse(Data(file.replacingOccurrences(of: "grows = none", with: "grows = \"b\"").utf8), for: lesson)
        let report = Grader().grade(lesson, submission)
        XCTAssertEqual(report.exercises.first { $0.id == "grows" }?.score, 1, report.text)
        XCTAssertEqual(report.exercises.first { $0.id == "much" }?.score, 0, report.text)
    }

    /// Each broken block names its problem and line.
    func testMistakesInTheNewBlocksAreReportedWithTheirLine() {
        let exercise = "# T\n## Exercise: a\n```unroll starter=a\nx = 0\n```\n"
        let cases: [(String, Int, String)] = [
            ("# T\n```unroll assert x\n1\n```\n", 2, "nothing after 'assert'"),
            (exercise + "```unroll mutant=a\nx = 1\n```\n", 6, "no '# mistake: …' line"),
            (exercise + "```unroll mutant=a\n# mistake: m\nx = 1\n```\n", 6, "no '# hint: …' line"),
            (exercise + "```unroll mutant=a\n# hint: h\n# mistake: m\n# mistake: n\nx = 1\n```\n", 9, "two '# mistake:' lines"),
            (exercise + "```unroll mutant=a\n# mistake: m\n# hint: h\n```\n", 6, "no code after its header"),
            (exercise + "```unroll mutant=b\n# mistake: m\n# hint: h\nx\n```\n", 6, "no exercise 'b' yet"),
            ("# T\n## Question: q\n```unroll question=q\na: one\nb: two\n```\n", 3, "no 'answer:' line"),
            ("# T\n## Question: q\n```unroll question=q\nanswer: c\na: one\nb: two\n```\n", 4, "not one of the choices a, b"),
            ("# T\n## Question: q\n```unroll question=q\nanswer: a\na: one | oops\nb: two\n```\n", 5, "takes no ' | feedback'"),
            ("# T\n## Question: q\n```unroll question=q\nanswer: 3\nwrong: 4\n```\n", 5, "'wrong: NUMBER | why it is wrong'"),
            ("# T\n## Question: q\n```unroll question=q\nanswer: a\na: one\n```\n", 3, "at least two choices"),
            ("# T\n## Question: q\n```unroll starter=q\nx\n```\n", 3, "must follow an ## Exercise: heading"),
            ("# T\n## Exercise: q\n```unroll question=q\nanswer: 1\n```\n", 3, "must follow a ## Question: heading"),
            ("# T\n## Question: q\nno block\n", 2, "the question \"q\" has no question=ID block"),
        ]
        for (text, line, message) in cases {
            XCTAssertThrowsError(try LessonParser.parse(text, fileName: "01-t.md"), text) { error in
                guard let error = error as? LessonError else { return XCTFail("\(error)") }
                XCTAssertEqual(error.line, line, "\(text) → \(error)")
                XCTAssertTrue(error.message.contains(message), "\(error.message) should contain \(message)")
            }
        }
    }
}
