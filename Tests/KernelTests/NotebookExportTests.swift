import XCTest
import Foundation
@testable import Kernel
@testable import Courseware

final class NotebookExportTests: XCTestCase {
    func testALessonBecomesAnNbformat4NotebookThatAttachesAndChecks() throws {
        let lesson = try LessonParser.parse(LessonStepperTests.lesson, fileName: "01-tiny.md")
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: NotebookExport.json(for: lesson)) as? [String: Any])
        XCTAssertEqual(object["nbformat"] as? Int, 4)
        let cells = try XCTUnwrap(object["cells"] as? [[String: Any]])
        let sources = cells.map { ($0["cell_type"] as? String ?? "", ($0["source"] as? [String] ?? []).joined()) }
        XCTAssertEqual(sources.first?.1, ":lesson 1 --attach")
        XCTAssertTrue(sources.contains { $0 == ("code", "W = [[2, 0], [0, 3]]") })
        XCTAssertTrue(sources.contains { $0 == ("code", "v = [0, 0]") }, "the exercise starts from its starter")
        XCTAssertTrue(sources.contains { $0 == ("code", ":check scale") })
        XCTAssertFalse(sources.contains { $0.1.contains("W @ [1, 1]") && $0.0 == "code" }, "the reference solution is not in the notebook")
        XCTAssertTrue(sources.contains { $0.0 == "markdown" && $0.1.contains("Set up a matrix.") })
        let metadata = try XCTUnwrap(object["metadata"] as? [String: Any])
        XCTAssertEqual((metadata["kernelspec"] as? [String: String])?["name"], "unroll")
    }

    func testAttachedLessonsCheckExercisesByID() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("unroll-nb-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data(LessonStepperTests.lesson.utf8).write(to: folder.appendingPathComponent("01-tiny.md"))
        let session = Session()
        session.add(LessonStepper(library: LessonLibrary(directory: folder), store: nil))
        func text(_ code: String) -> String {
            session.execute(code, storeHistory: true) { _ in }.outputs.compactMap { output -> String? in
                if case .display(let b) = output { return b.plain }
                return nil
            }.joined(separator: "\n")
        }
        XCTAssertTrue(text(":lesson 1 --attach").contains("Check an exercise with :check ID (scale)"))
        _ = text("W = [[2, 0], [0, 3]]\nv = W @ [1, 1]")
        XCTAssertTrue(text(":check scale").contains("all visible checks passed"))
        XCTAssertEqual(session.execute(":check nope", storeHistory: true) { _ in }.error?.value,
                       "lesson 1 has no exercise 'nope'; its exercises are scale")
    }

    /// In a notebook the lesson's own cells may call what an exercise must avoid:
    /// `:check` looks only at what ran after the last lesson cell.
    func testAnAttachedCheckCountsOnlyTheAnswersCalls() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("unroll-nb-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let lesson = """
        # Avoiding

        ```unroll
        y = tanh([1, 2])
        ```

        ## Exercise: double

        ```unroll starter=double
        z = 0
        ```

        ```unroll solution=double
        z = 2 * [1, 2]
        ```

        ```unroll check=double
        close z
        avoids tanh
        ```

        ```unroll mutant=double
        # mistake: calling tanh
        # hint: doubling needs no tanh
        z = [2, 4] + 0 * tanh([0, 0])
        ```
        """
        try Data(lesson.utf8).write(to: folder.appendingPathComponent("01-avoiding.md"))
        let session = Session.standard()
        session.add(LessonStepper(library: LessonLibrary(directory: folder), store: nil))
        func shown(_ code: String) -> String {
            session.execute(code, storeHistory: true) { _ in }.outputs.compactMap { output -> String? in
                if case .display(let b) = output { return b.plain }
                return nil
            }.joined(separator: "\n")
        }
        _ = shown(":lesson 1 --attach")
        _ = shown("y = tanh([1, 2])")
        _ = shown("z = 2 * [1, 2]")
        XCTAssertTrue(shown(":check double").contains("all visible checks passed"), "the lesson cell's tanh is not the answer's")
        _ = shown("z = [2, 4] + 0 * tanh([0, 0])")
        XCTAssertTrue(shown(":check double").contains("✗ avoids tanh"), "the answer's own tanh counts")
        // A notebook downloaded as a script runs the lesson cell and the answer as one cell.
        _ = shown("y = tanh([1, 2])\n\nz = 2 * [1, 2]")
        XCTAssertTrue(shown(":check double").contains("all visible checks passed"))
        XCTAssertEqual(LessonStepper.answer(in: "y = tanh([1, 2])\nyy = tanh([1, 2])\nz = 1", after: try LessonParser.parse(lesson, fileName: "01-a.md")),
                       "yy = tanh([1, 2])\nz = 1", "a lesson cell counts only as whole lines")
    }
}
