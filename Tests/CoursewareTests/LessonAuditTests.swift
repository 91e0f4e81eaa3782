import XCTest
@testable import Courseware
import TensorLang

/// `unroll lesson check`'s audit against small lessons with planted mistakes:
/// each must be reported on its own line, and a sound lesson must pass.
final class LessonAuditTests: XCTestCase {
    static let sound = """
    # Scaling

    ```unroll
    W = [[2, 0], [0, 3]]
    ```

    The larger entry is 3, and the sum of the entries is 5.

    ```unroll assert
    max(W) == 3
    total = sum(W)
    total == 5 and total > 4
    ```

    ## Exercise: scale

    ```unroll starter=scale
    def scale(v) {
    }
    ```

    ```unroll solution=scale
    def scale(v) = W @ v
    ```

    ```unroll mutant=scale
    # mistake: transposed W
    # hint: W.T scales the other way round; use W itself.
    def scale(v) = W.T @ v + [0, 0.001]
    ```

    ```unroll mutant=scale
    # mistake: elementwise product
    # hint: `*` multiplies entry by entry; a matrix acts with `@`.
    def scale(v) = W * v
    ```

    ```unroll check=scale
    property scale (2,)      points=3
    shape scale([1, 1]) (2,) points=1
    ```

    > **Hint:** one matrix product.

    ## Question: bigger?

    ```unroll question=bigger
    answer: yes
    yes: W stretches every vector
    no: W shrinks some vector | both entries on the diagonal exceed 1
    maybe: it depends | a diagonal matrix acts on each axis on its own
    ```
    """

    func audit(_ text: String) throws -> LessonAudit {
        let lesson = try LessonParser.parse(text, fileName: "01-scaling.md")
        return LessonAudit.run(lesson, file: "01-scaling.md", makeInterpreter: { Interpreter() }, seconds: 10)
    }

    func testASoundLessonHasNoProblems() throws {
        let audit = try audit(Self.sound)
        XCTAssertEqual(audit.problems.map(\.description), [])
        XCTAssertEqual(audit.summary, "1 cell, 2 claims, 1 exercise (0 long), 1 question, 4 mutants")
    }

    /// The planted false claim of the issue: a sentence's number that the cells do not compute.
    func testAFalseClaimIsReportedOnItsLineWithTheValuesItCompared() throws {
        let planted = Self.sound.replacingOccurrences(of: "total == 5 and total > 4", with: "total == 5 and total > 6")
        let audit = try audit(planted)
        XCTAssertEqual(audit.problems.map(\.description), [
            "01-scaling.md:12: the claim 'total == 5 and total > 6' is false: total is 5",
        ])
    }

    func testAClaimMaySpanLinesInsideParentheses() throws {
        let text = Self.sound.replacingOccurrences(of: "total = sum(W)\n", with: "total = (sum(W) +\n  0)   # still 5\n")
        let audit = try audit(text)
        XCTAssertEqual(audit.problems.map(\.description), [])
        XCTAssertEqual(audit.claims, 2)
    }

    func testBrokenAssertionsAndCellsAreReported() throws {
        let text = Self.sound
            .replacingOccurrences(of: "max(W) == 3\n", with: "max(W) == 3\nW[9]\nW[0]\n")
            .replacingOccurrences(of: "W = [[2, 0], [0, 3]]", with: "W = [[2, 0], [0, 3]]\nundefined_name")
        let messages = try audit(text).problems.map(\.description)
        XCTAssertTrue(messages.contains { $0.hasPrefix("01-scaling.md:5: this cell fails: name error: unknown name 'undefined_name'") }, "\(messages)")
        XCTAssertTrue(messages.contains { $0.hasPrefix("01-scaling.md:12: cannot evaluate the claim 'W[9]'") }, "\(messages)")
        XCTAssertTrue(messages.contains { $0.hasPrefix("01-scaling.md:13: the claim 'W[0]' is ") && $0.hasSuffix("not true or false") }, "\(messages)")
    }

    func testWeakGradingIsReported() throws {
        // A starter that earns points (every linear function passes a value check at
        // zero), a mutant that scores too much, and one that :check cannot recognise.
        let text = Self.sound
            .replacingOccurrences(of: "def scale(v) {\n}", with: "def scale(v) = v")
            .replacingOccurrences(of: "def scale(v) = W * v", with: "def scale(v) = W @ v + 0 * v")
            .replacingOccurrences(of: "property scale (2,)      points=3", with: "property scale (2,)      points=1")
            .replacingOccurrences(of: "shape scale([1, 1]) (2,) points=1", with: "close scale([0, 0]) points=1")
        let messages = try audit(text).problems.map(\.description)
        XCTAssertEqual(messages, [
            "01-scaling.md:17: the starter of 'scale' scores 1 of 2; a starter must score 0 (it passes 'close scale([0, 0])')",
            "01-scaling.md:31: the mutant 'elementwise product' scores 2 of 2, more than a third; it passes 'property scale (2,)', 'close scale([0, 0])'",
            "01-scaling.md:31: the mutant 'elementwise product' passes every visible check, so :check cannot tell it from a right answer",
        ])
    }

    func testTwoMutantsThatBehaveAlikeAreReported() throws {
        let text = Self.sound.replacingOccurrences(of: "def scale(v) = W * v", with: "def scale(v) = W.T @ v + [0, 0.001] + 0")
        let messages = try audit(text).problems.map(\.description)
        XCTAssertEqual(messages, ["01-scaling.md:32: the mutant 'elementwise product' is taken by :check for the mutant 'transposed W' (line 26); make a visible check tell them apart"])
    }

    func testAnExerciseNeedsTwoMutantsAndATitleNoNumber() throws {
        let text = Self.sound.replacingOccurrences(of: "# Scaling", with: "# 1. Scaling")
            .replacingOccurrences(of: "no: W shrinks some vector | both entries on the diagonal exceed 1\n", with: "no: W shrinks some vector\n")
        let messages = try audit(text).problems.map(\.description)
        XCTAssertEqual(messages, [
            "01-scaling.md:1: the title '1. Scaling' starts with a number; the lesson's number comes from its file name, so titles carry none",
            "01-scaling.md:47: question 'bigger' has 1 mutant; give it at least two plausible wrong answers",
        ])
    }

    func testOwnLinesCountTheSolutionLinesTheStarterDoesNotHave() {
        let exercise = Exercise(id: "e", title: "", stepIndex: 0, starter: "h = h0\nfor t in 0..3 {\n}\n",
                                solution: "h = h0\n# loop\nfor t in 0..3 {\n  a = W @ h\n  h = tanh(a)\n}\nH = h", checks: [], hints: [])
        XCTAssertEqual(LessonAudit.ownLines(exercise), 3)
    }
}
