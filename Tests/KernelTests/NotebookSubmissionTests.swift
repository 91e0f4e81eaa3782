import XCTest
import Foundation
@testable import Kernel
@testable import Courseware

/// A lesson notebook as a student hands it in: exported, worked in, then read
/// back as a submission — with everything a student (or a tool) can do to it.
final class NotebookSubmissionTests: XCTestCase {
    static let lesson = """
    # Two exercises

    ```unroll
    W = [[2, 0], [0, 3]]
    ```

    ## Exercise: scale

    ```unroll starter=scale
    v = [0, 0]
    ```

    ```unroll solution=scale
    v = W @ [1, 1]
    ```

    ```unroll check=scale
    close v
    ```

    ## Exercise: total

    ```unroll starter=total
    t = 0
    ```

    ```unroll solution=total
    t = sum(W)
    ```

    ```unroll check=total
    close t
    ```
    """

    private var lesson: Lesson!
    private var notebook: [String: Any]!

    override func setUpWithError() throws {
        lesson = try LessonParser.parse(Self.lesson, fileName: "03-two.md")
        notebook = try XCTUnwrap(JSONSerialization.jsonObject(with: NotebookExport.json(for: lesson)) as? [String: Any])
    }

    private var cells: [[String: Any]] {
        get { notebook["cells"] as? [[String: Any]] ?? [] }
        set { notebook["cells"] = newValue }
    }

    private func index(ofExercise id: String) -> Int? {
        cells.firstIndex { (($0["metadata"] as? [String: Any])?["unroll"] as? [String: Any])?["exercise"] as? String == id }
    }

    private func setSource(ofExercise id: String, _ code: String) {
        guard let i = index(ofExercise: id) else { return XCTFail("no cell for \(id)") }
        cells[i]["source"] = code
    }

    private func submission() throws -> Submission {
        Submission.read(try JSONSerialization.data(withJSONObject: notebook!), fileName: "work.ipynb", for: lesson)
    }

    func testEveryExerciseCellIsMarkedAsNbgraderMarksAnswerCells() throws {
        let marked = cells.compactMap { $0["metadata"] as? [String: Any] }.compactMap { $0["nbgrader"] as? [String: Any] }
        XCTAssertEqual(marked.compactMap { $0["grade_id"] as? String }, ["scale", "total"])
        XCTAssertTrue(marked.allSatisfy { $0["solution"] as? Bool == true && $0["grade"] as? Bool == false })
        XCTAssertEqual((notebook["metadata"] as? [String: Any]).flatMap { $0["unroll"] as? [String: Any] }?["lesson"] as? Int, 3)
    }

    func testTheUntouchedExportAnswersNothing() throws {
        let read = try submission()
        XCTAssertEqual(read.answers, [:])
        XCTAssertEqual(read.problems, ["exercise 'scale' is unchanged from its starter code, so it scores 0",
                                       "exercise 'total' is unchanged from its starter code, so it scores 0"])
    }

    func testAnswersAndAddedCellsAreRead() throws {
        setSource(ofExercise: "scale", "v = W @ [1, 1]\n:check scale")
        let i = try XCTUnwrap(index(ofExercise: "total"))
        cells[i]["source"] = ["def total_of(m) {\n", "  return sum(m)\n", "}"]
        cells.insert(["cell_type": "code", "metadata": [:], "source": "t = total_of(W)", "outputs": []], at: i + 1)
        let read = try submission()
        XCTAssertEqual(read.answers["scale"], "v = W @ [1, 1]", "meta-command lines are not code")
        XCTAssertEqual(read.answers["total"], "def total_of(m) {\n  return sum(m)\n}\nt = total_of(W)")
        XCTAssertEqual(read.problems, ["exercise 'total': 1 cell added after its cell is graded as part of the answer"])
    }

    func testEditedLessonCellsAndSavedOutputsDoNotCount() throws {
        setSource(ofExercise: "scale", "v = W @ [1, 1]")
        setSource(ofExercise: "total", "t = sum(W)")
        let lessonCell = try XCTUnwrap(cells.firstIndex { ($0["source"] as? [String])?.joined() == "W = [[2, 0], [0, 3]]" })
        cells[lessonCell]["source"] = "W = [[100, 0], [0, 100]]"
        let scale = try XCTUnwrap(index(ofExercise: "scale"))
        cells[scale]["outputs"] = [["output_type": "display_data", "data": ["text/plain": "✓ close v\nall visible checks passed"]]]
        let read = try submission()
        XCTAssertEqual(read.answers, ["scale": "v = W @ [1, 1]", "total": "t = sum(W)"])
        XCTAssertEqual(read.problems, [])
    }

    func testDeletedDuplicatedAndMislabelledCellsAreReported() throws {
        setSource(ofExercise: "scale", "v = [2, 3]")
        let scale = try XCTUnwrap(index(ofExercise: "scale"))
        var copy = cells[scale]
        copy["source"] = "v = W @ [1, 1]"
        cells.insert(copy, at: scale + 2)
        cells.remove(at: try XCTUnwrap(index(ofExercise: "total")))
        var stray = cells[scale]
        var metadata = stray["metadata"] as? [String: Any] ?? [:]
        metadata["unroll"] = ["role": "exercise", "exercise": "nonexistent"]
        stray["metadata"] = metadata
        cells.append(stray)
        let read = try submission()
        XCTAssertEqual(read.answers, ["scale": "v = W @ [1, 1]"], "the last cell of a duplicated exercise is graded")
        XCTAssertTrue(read.problems.contains { $0.contains("exercise 'scale' has more than one cell") }, "\(read.problems)")
        XCTAssertTrue(read.problems.contains { $0.contains("marked as exercise 'nonexistent'") && $0.contains("but nbgrader's grade_id says 'scale'") }, "\(read.problems)")
        XCTAssertTrue(read.problems.contains { $0.contains("'nonexistent', which lesson 3 does not have (its exercises: scale, total)") }, "\(read.problems)")
        XCTAssertTrue(read.problems.contains("no answer for exercise 'total': its cell is missing (deleted?)"), "\(read.problems)")
    }

    func testWithoutMetadataTheCellBeforeEachCheckIsTheAnswer() throws {
        setSource(ofExercise: "scale", "v = W @ [1, 1]")
        setSource(ofExercise: "total", "t = sum(W)")
        cells = cells.map { cell in var c = cell; c["metadata"] = [String: Any](); return c }
        let read = try submission()
        XCTAssertEqual(read.answers, ["scale": "v = W @ [1, 1]", "total": "t = sum(W)"])
        XCTAssertEqual(read.problems, ["the notebook's cell metadata is missing; answers were taken from the cell before each ':check ID' cell"])
    }

    func testNotANotebookIsAReportNotACrash() {
        let cases: [(Data, String)] = [
            (Data("{\"cells\": [".utf8), "not valid JSON"),
            (Data("{\"nbformat\": 4}".utf8), "has no list of \"cells\""),
            (Data("[1, 2]".utf8), "has no list of \"cells\""),
            (Data("{\"cells\": [7, {\"cell_type\": \"code\", \"source\": 5}]}".utf8), "cell 1 is not a JSON object"),
        ]
        for (data, expected) in cases {
            let read = NotebookSubmission.parse(data, for: lesson)
            XCTAssertEqual(read.answers, [:])
            XCTAssertTrue(read.problems.contains { $0.contains(expected) }, "\(expected): \(read.problems)")
        }
        let other = Submission.read(Data("{\"metadata\": {\"unroll\": {\"lesson\": 9}}, \"cells\": []}".utf8), fileName: "x.json", for: lesson)
        XCTAssertTrue(other.problems.first?.contains("exported from lesson 9, not lesson 3") == true, "\(other.problems)")
    }

    func testAScriptSubmissionIsStillReadAsOne() {
        let read = Submission.read(Data("#: exercise scale\nv = W @ [1, 1]\n".utf8), fileName: "hw.ur", for: lesson)
        XCTAssertEqual(read.answers["scale"], "v = W @ [1, 1]\n")
    }

    func testAFilledNotebookGradesFullAndTheUntouchedOneZero() throws {
        let grader = Grader(makeInterpreter: Session.makeGradingInterpreter)
        XCTAssertEqual(grader.grade(lesson, try submission()).score, 0)
        setSource(ofExercise: "scale", "v = W @ [1, 1]")
        setSource(ofExercise: "total", "t = sum(W)")
        let report = grader.grade(lesson, try submission())
        XCTAssertEqual(report.score, report.maxScore)
        XCTAssertEqual(report.maxScore, 2)
    }
}
