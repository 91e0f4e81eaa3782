import XCTest
@testable import Courseware

/// Result files never collide, and summary.csv has one row per submission that no
/// file name can split, forge or turn into a formula.
final class BatchSummaryTests: XCTestCase {
    func testResultNamesKeepTheWholeNameAndNeverCollide() {
        let names = ["bob.ur", "bob.zz", "bob", "a b.ur", "a_b.ur", "a%20b.ur", "%41.ur", "A.ur", ".hidden", "-2.ur", "=1+2.ur",
                     "evil\nx.ur", "é.ur", "summary.csv", String(repeating: "x", count: 300), String(repeating: "x", count: 301),
                     String(repeating: "é", count: 200)]
        let results = names.map(BatchSummary.resultFileName)
        XCTAssertEqual(Set(results).count, names.count)
        XCTAssertEqual(BatchSummary.resultFileName(for: "bob.ur"), "bob.ur.json")
        XCTAssertEqual(BatchSummary.resultFileName(for: "a b.ur"), "a%20b.ur.json")
        XCTAssertEqual(BatchSummary.resultFileName(for: "-2.ur"), "%2D2.ur.json")
        XCTAssertEqual(BatchSummary.resultFileName(for: ".hidden"), "%2Ehidden.json")
        for result in results {
            XCTAssertLessThanOrEqual(result.utf8.count, 255, result)
            XCTAssertFalse(result.contains("/") || result.contains("\n"), result)
            XCTAssertTrue(result.first.map { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "%" } == true, result)
        }
    }

    func testCellsAreQuotedOneLineAndNeverFormulas() {
        XCTAssertEqual(BatchSummary.cell("bob.ur"), "\"bob.ur\"")
        XCTAssertEqual(BatchSummary.cell("say \"hi\""), "\"say \"\"hi\"\"\"")
        XCTAssertEqual(BatchSummary.cell("evil\nmallory,13,13"), "\"evil\\nmallory,13,13\"")
        XCTAssertEqual(BatchSummary.cell("=1+2.ur"), "\"'=1+2.ur\"")
        for leading in ["+cmd", "-2", "@SUM(A1)", "\tx", "\rx"] {
            XCTAssertTrue(BatchSummary.cell(leading).hasPrefix("\"'"), leading)
        }
        XCTAssertEqual(BatchSummary.cell("a\\b\u{1}"), "\"a\\\\b\\x01\"")
    }

    func testOneRowPerSubmission() {
        let report = GradeReport(lesson: "7 (vanishing)", exercises: [], problems: ["line one\nline two"], executionTime: 0.25, seed: 42)
        let row = BatchSummary.row(file: "evil\n\"x\",13,13.ur", report: report)
        XCTAssertEqual(row.filter { $0 == "\n" }.count, 1)
        XCTAssertEqual(row, "\"evil\\n\"\"x\"\",13,13.ur\",\"evil%0A%22x%22%2C13%2C13.ur.json\",\"0\",\"0\",\"0.250\",\"42\",\"line one\\nline two\"\n")
    }
}
