import XCTest
import Foundation
@testable import Kernel
@testable import Courseware

final class LessonStepperTests: XCTestCase {
    private var folder: URL!

    static let lesson = """
    # Tiny lesson

    Set up a matrix.

    ```unroll
    W = [[2, 0], [0, 3]]
    ```

    ## Exercise: scale

    Make `v` equal to W applied to [1, 1].

    ```unroll starter=scale
    v = [0, 0]
    ```

    ```unroll solution=scale gives=v
    v = W @ [1, 1]
    ```

    ```unroll check=scale
    close v reveal
    shape v (2,) hidden
    ```

    > **Hint:** use @.

    Then use it.

    ```unroll
    total = sum(v)
    ```
    """

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("unroll-lessons-\(UUID())")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("lessons"), withIntermediateDirectories: true)
        try Data(Self.lesson.utf8).write(to: folder.appendingPathComponent("lessons/01-tiny.md"))
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    private func makeSession() -> (Session, LessonStepper) {
        let session = Session()
        let stepper = LessonStepper(library: LessonLibrary(directory: folder.appendingPathComponent("lessons")),
                                    store: ProgressStore(url: folder.appendingPathComponent("data/progress.json")))
        session.add(stepper)
        return (session, stepper)
    }

    private func text(_ result: ExecutionResult) -> String {
        result.outputs.map { output -> String in
            switch output {
            case .stream(_, let t): return t
            case .display(let b), .result(let b), .page(let b): return b.plain
            }
        }.joined(separator: "\n")
    }

    private func run(_ session: Session, _ code: String) -> ExecutionResult {
        session.execute(code, storeHistory: true) { _ in }
    }

    func testSteppingCheckingAndResuming() throws {
        let (session, _) = makeSession()
        XCTAssertTrue(text(run(session, ":lesson tiny")).contains("step 1 of 3"))
        XCTAssertNotNil(session.interpreter.value(of: "W"), "the first cell ran")
        XCTAssertTrue(text(run(session, ":next")).contains("Exercise 'scale'"))

        let failing = text(run(session, ":check"))
        XCTAssertTrue(failing.contains("✗ close v: v[1] is 0, expected 3"), failing)
        XCTAssertTrue(failing.contains("1 of 1 visible checks failed"), failing)
        XCTAssertEqual(text(run(session, ":hint")), "hint 1 of 1: use @.")

        _ = run(session, "v = W @ [1, 1]")
        let passing = text(run(session, ":check"))
        XCTAssertTrue(passing.contains("all visible checks passed; 1 hidden check run at grading"), passing)
        XCTAssertTrue(text(run(session, ":next")).contains("step 3 of 3"))
        XCTAssertEqual(text(run(session, "total")), "5")
        XCTAssertEqual(run(session, ":next").error?.value, "that was the last step of lesson 1; :lesson 2 opens the next one")

        // A new session resumes at the saved step, with the reference answer replayed.
        let (again, _) = makeSession()
        let resumed = text(run(again, ":lesson 1"))
        XCTAssertTrue(resumed.contains("resuming at step 3 of 3"), resumed)
        XCTAssertEqual(text(run(again, "total")), "5")
        XCTAssertTrue(text(run(again, ":progress")).contains("1 passed, 0 skipped of 1"))
    }

    func testSkipFillsInTheReferenceAndMovesOn() {
        let (session, _) = makeSession()
        _ = run(session, ":lesson 1")
        _ = run(session, ":next")
        XCTAssertTrue(text(run(session, ":skip")).contains("step 3 of 3"))
        XCTAssertEqual(text(run(session, "v")), "[2. 3.]\nshape (2,)")
    }

    func testLessonCommandsExplainMistakes() {
        let (session, _) = makeSession()
        XCTAssertEqual(run(session, ":next").error?.value, "no lesson is open; start one with :lesson N (:lesson lists them)")
        XCTAssertEqual(run(session, ":lesson tinny").error?.value, "no lesson 'tinny'; did you mean 'tiny'? (:lesson lists them)")
        _ = run(session, ":lesson 1")
        XCTAssertEqual(run(session, ":hint").error?.value, "this step has no exercise; :next moves on")
        XCTAssertEqual(run(session, ":back").error?.value, "this is the first step of lesson 1; :next moves on")
        XCTAssertTrue(text(run(session, ":lesson")).contains("1  Tiny lesson  (tiny)"))
    }

    func testCorruptProgressIsMovedAsideWithAWarning() throws {
        let url = folder.appendingPathComponent("data/progress.json")
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data("{not json".utf8).write(to: url)
        let stepper = LessonStepper(library: nil, store: ProgressStore(url: url))
        XCTAssertTrue(stepper.startupWarning?.contains("is damaged") ?? false)
        XCTAssertFalse(FileManager.default.fileExists(atPath: url.path))
    }

    /// Writes a progress file by hand, as a student (or a broken editor) might leave it.
    private func writeProgress(_ json: String) throws {
        let url = folder.appendingPathComponent("data/progress.json")
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(json.utf8).write(to: url)
    }

    /// A negative step used to trap when the lesson was opened (`prefix(-5)`).
    func testANegativeStepInTheProgressFileStartsAtTheFirstStep() throws {
        try writeProgress(#"{"current": "tiny", "lessons": {"tiny": {"step": -5, "passed": [], "skipped": [], "hintsShown": {}}}}"#)
        let (session, stepper) = makeSession()
        XCTAssertTrue(stepper.startupWarning?.contains("step -5") ?? false, stepper.startupWarning ?? "no warning")
        XCTAssertTrue(text(run(session, ":lesson tiny")).contains("step 1 of 3"))
        XCTAssertTrue(text(run(session, ":where")).contains("step 1 of 3"))
    }

    /// A step past the end (a lesson that got shorter) resumes at its last step, and `:where`
    /// and `:hint` in a notebook (`--attach`, which keeps the saved step) never index past it.
    func testAStepPastTheEndIsClampedEverywhere() throws {
        try writeProgress(#"{"current": "tiny", "lessons": {"tiny": {"step": 1000000, "passed": [], "skipped": [], "hintsShown": {}}}}"#)
        let (session, _) = makeSession()
        XCTAssertNil(run(session, ":lesson tiny --attach").error)
        XCTAssertTrue(text(run(session, ":where")).contains("step 3 of 3"))
        XCTAssertEqual(run(session, ":hint").error?.value, "this step has no exercise; :next moves on")
        XCTAssertTrue(text(run(session, ":lesson tiny")).contains("resuming at step 3 of 3"))
    }

    /// A negative hint count used to trap at `:hint` (`hints[-3]`); it counts as no hint shown.
    func testANegativeHintCountShowsTheFirstHint() throws {
        try writeProgress(#"{"current": "tiny", "lessons": {"tiny": {"step": 1, "passed": [], "skipped": [], "hintsShown": {"scale": -3}}}}"#)
        let (session, stepper) = makeSession()
        XCTAssertTrue(stepper.startupWarning?.contains("-3") ?? false, stepper.startupWarning ?? "no warning")
        _ = run(session, ":lesson tiny")
        XCTAssertEqual(text(run(session, ":hint")), "hint 1 of 1: use @.")
    }

    /// Values of the wrong type make the file unreadable: it is moved aside, as any damaged file.
    func testWrongTypesInTheProgressFileAreDamage() throws {
        try writeProgress(#"{"lessons": {"tiny": {"step": "two", "passed": [], "skipped": [], "hintsShown": {}}}}"#)
        let (_, stepper) = makeSession()
        XCTAssertTrue(stepper.startupWarning?.contains("is damaged") ?? false)
    }

    func testProgressIsWrittenAtomicallyAndReadBack() throws {
        let store = ProgressStore(url: folder.appendingPathComponent("data/p.json"))
        var progress = Progress()
        progress.current = "tiny"
        progress.lessons["tiny", default: Progress.LessonProgress()].passed = ["scale"]
        try store.save(progress)
        XCTAssertEqual(store.load().progress, progress)
        XCTAssertNil(store.load().warning)
    }
}
