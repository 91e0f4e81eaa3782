import XCTest
import Foundation
@testable import Kernel
@testable import Courseware

/// What `:check`, `:hint` and `:answer` tell a student: the known mistake an
/// answer behaves like, the input a property failed on, what a `true` check
/// compared, and when the hints run out.
final class LessonFeedbackTests: XCTestCase {
    static let lesson = """
    # Feedback

    ```unroll
    W = [[0.5, -0.25], [0.125, 0.75]]
    ```

    The first entry is a half.

    ```unroll assert
    W[0, 0] == 0.5   # an author's claim
    ```

    ## Exercise: a step

    ```unroll starter=step
    def step(h) {
    }
    ```

    ```unroll solution=step
    def step(h) = tanh(W @ h)
    ```

    ```unroll mutant=step
    # mistake: no tanh
    # hint: a state stays in (−1, 1); squash the product with tanh.
    def step(h) = W @ h
    ```

    ```unroll mutant=step
    # mistake: transposed W
    # hint: W maps the old state to the new; W.T goes the other way.
    def step(h) = tanh(W.T @ h)
    ```

    ```unroll check=step
    property step (2,)                          points=3
    true max(abs(step(10 * [1, 1]))) < 1        points=1
    ```

    > **Hint:** a product, then a squashing function.

    > **Hint:** `tanh(W @ h)`.

    ## Question: which one?

    ```unroll question=which
    answer: b
    a: the first | that one shrinks
    b: the second
    c: the third | that one is not even square
    ```
    """

    private var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("unroll-feedback-\(UUID())")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("lessons"), withIntermediateDirectories: true)
        try Data(Self.lesson.utf8).write(to: folder.appendingPathComponent("lessons/01-feedback.md"))
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    private func openExercise() -> Session {
        let session = Session()
        session.add(LessonStepper(library: LessonLibrary(directory: folder.appendingPathComponent("lessons")), store: nil))
        _ = run(session, ":lesson 1")
        _ = run(session, ":next")
        return session
    }

    private func run(_ session: Session, _ code: String) -> String {
        let result = session.execute(code, storeHistory: true) { _ in }
        let text = result.outputs.map { output -> String in
            switch output {
            case .stream(_, let t): return t
            case .display(let b), .result(let b), .page(let b): return b.plain
            }
        }.joined(separator: "\n")
        return ([text] + [result.error?.value].compactMap { $0 }).filter { !$0.isEmpty }.joined(separator: "\n")
    }

    func testAnAnswerThatBehavesLikeAKnownMistakeGetsItsHint() {
        let session = openExercise()
        _ = run(session, "def step(h) = W @ h")
        let noTanh = run(session, ":check")
        XCTAssertTrue(noTanh.contains("This looks like a known mistake, no tanh: a state stays in (−1, 1); squash the product with tanh."), noTanh)

        _ = run(session, "def step(h) = tanh(W.T @ h)")
        let transposed = run(session, ":check")
        XCTAssertTrue(transposed.contains("known mistake, transposed W"), transposed)

        _ = run(session, "def step(h) = tanh(2 * W @ h)")
        let unknown = run(session, ":check")
        XCTAssertFalse(unknown.contains("known mistake"), unknown)
        // Its `true` check holds, but counts only once the property (a value check) passes.
        XCTAssertTrue(unknown.contains("2 of 2 visible checks failed"), unknown)
        XCTAssertTrue(unknown.contains("passes, but this check looks at the form of the answer"), unknown)

        _ = run(session, "def step(h) = tanh(W @ h)")
        XCTAssertTrue(run(session, ":check").contains("all visible checks passed"))
    }

    func testAPropertyFailureShowsTheInputAndATrueCheckWhatItCompared() {
        let session = openExercise()
        _ = run(session, "def step(h) = W @ h")
        let text = run(session, ":check")
        // The failing input, by the student's parameter name, in full (it is short).
        XCTAssertTrue(text.range(of: #"✗ property step \(2,\): .*; the input was h = \[-?\d\.\d+, -?\d\.\d+\]\n"#,
                                 options: .regularExpression) != nil, text)
        XCTAssertTrue(text.contains("✗ true max(abs(step(10 * [1, 1]))) < 1: 'max(abs(step(10 * [1, 1]))) < 1' is false: max(abs(step(10 * [1, 1]))) is 8.75"), text)
    }

    func testAssertionsAreNeverShownOrRunForAStudent() {
        let session = Session()
        session.add(LessonStepper(library: LessonLibrary(directory: folder.appendingPathComponent("lessons")), store: nil))
        var seen = run(session, ":lesson 1")
        for _ in 0..<3 { seen += run(session, ":next") }
        seen += run(session, ":back") + run(session, ":skip")
        XCTAssertTrue(seen.contains("The first entry is a half."), seen)
        XCTAssertFalse(seen.contains("an author's claim"), seen)
        XCTAssertFalse(seen.contains("W[0, 0] == 0.5"), seen)
    }

    func testHintsSayWhenThereAreNoMore() {
        let session = openExercise()
        XCTAssertEqual(run(session, ":hint"), "hint 1 of 2: a product, then a squashing function.")
        XCTAssertEqual(run(session, ":hint"), "hint 2 of 2: `tanh(W @ h)`.")
        let more = run(session, ":hint")
        XCTAssertTrue(more.hasPrefix("there are no more hints for 'step': you have seen all 2."), more)
    }

    func testAQuestionShowsItsChoicesAndAnswersWithFeedback() {
        let session = openExercise()
        let shown = run(session, ":next")
        XCTAssertTrue(shown.contains("    a) the first\n    b) the second\n    c) the third"), shown)
        XCTAssertFalse(shown.contains("that one shrinks"), "feedback stays hidden until it is earned")
        XCTAssertEqual(run(session, ":answer d"), "'d' is not one of the choices a, b, c")
        let wrong = run(session, ":answer a")
        XCTAssertTrue(wrong.contains("✗ your answer: 'a' is not the answer\nthat one shrinks\nnot yet"), wrong)
        XCTAssertTrue(run(session, ":answer b").contains("✓ your answer\nall visible checks passed"))
        guard case .string(let answer)? = session.interpreter.value(of: "which") else { return XCTFail("the answer is kept in 'which'") }
        XCTAssertEqual(answer.text, "b")
    }

    func testAChoiceMayDifferInCaseAndSurroundingSpaces() {
        let session = openExercise()
        _ = run(session, ":next")
        let wrong = run(session, ":answer A")
        XCTAssertTrue(wrong.contains("✗ your answer: 'a' is not the answer\nthat one shrinks"), wrong)
        XCTAssertEqual(run(session, ":answer bb"), "'bb' is not one of the choices a, b, c")
        XCTAssertEqual(run(session, ":answer b)"), "'b)' is not one of the choices a, b, c")
        XCTAssertTrue(run(session, ":answer B").contains("all visible checks passed"))
        guard case .string(let answer)? = session.interpreter.value(of: "which") else { return XCTFail("the answer is kept in 'which'") }
        XCTAssertEqual(answer.text, "b", "the choice's own key is kept")
        _ = run(session, "which = \" C \"")
        XCTAssertTrue(run(session, ":check").contains("✗ your answer: 'c' is not the answer"))
        _ = run(session, "which = \"b c\"")
        XCTAssertTrue(run(session, ":check").contains("✗ your answer: 'b c' is not one of the choices a, b, c"))
        _ = run(session, "which = \"\\tB \"")
        XCTAssertTrue(run(session, ":check").contains("all visible checks passed"))
    }

    func testAnswerRefusesWhatIsNotAQuestionAnswer() {
        let bare = Session()
        bare.add(LessonStepper(library: LessonLibrary(directory: folder.appendingPathComponent("lessons")), store: nil))
        XCTAssertEqual(run(bare, ":answer b"), "no lesson is open; start one with :lesson N (:lesson lists them)")
        let session = openExercise()
        XCTAssertEqual(run(session, ":answer b"), "'step' is an exercise, not a question: write code and :check it")
        _ = run(session, ":next")
        XCTAssertEqual(run(session, ":answer"), "give a choice, e.g. :answer a")
        XCTAssertTrue(run(session, ":answer which b").contains("all visible checks passed"), "an answer may name its question")
        XCTAssertEqual(run(session, ":hint"), "this exercise has no hints; :skip shows the reference")
    }

    func testANotebookAsksTheQuestionWithoutGivingAwayTheAnswer() throws {
        let lesson = try LessonParser.parse(Self.lesson, fileName: "01-feedback.md")
        let json = String(decoding: NotebookExport.json(for: lesson), as: UTF8.self)
        XCTAssertTrue(json.contains("- **b**: the second"), json)
        XCTAssertTrue(json.contains(#"which = none   # your answer: one of \"a\", \"b\", \"c\""#), json)
        XCTAssertTrue(json.contains(":check which"))
        for secret in ["that one shrinks", "answer: b", "no tanh", "W.T @ h", "an author's claim"] {
            XCTAssertFalse(json.contains(secret), "the notebook must not contain '\(secret)'")
        }
    }
}
