import XCTest
import Foundation
@testable import Courseware

/// How a submission file is saved must not change what is graded; a file that is
/// not text is reported, never graded as garbage.
final class SubmissionTests: XCTestCase {
    var lesson: Lesson!

    override func setUpWithError() throws {
        lesson = try LessonParser.parse(GraderTests.lessonText, fileName: "99-fixture.md")
    }

    private let lines = ["#: exercise step", "h = tanh(W @ x)", "", "#: exercise fn", "def step(h, x) = tanh(W @ h + x)"]

    func testLineEndingsByteOrderMarkAndMarkerSpacingMakeNoDifference() {
        let plain = Submission.parse(Data(lines.joined(separator: "\n").utf8), for: lesson)
        XCTAssertEqual(plain.answers, ["step": "h = tanh(W @ x)\n", "fn": "def step(h, x) = tanh(W @ h + x)"])
        XCTAssertEqual(plain.problems, [])
        let variants: [String: Data] = [
            "CRLF": Data(lines.joined(separator: "\r\n").utf8),
            "CR": Data(lines.joined(separator: "\r").utf8),
            "BOM": Data([0xEF, 0xBB, 0xBF]) + Data(lines.joined(separator: "\n").utf8),
            "BOM and CRLF": Data([0xEF, 0xBB, 0xBF]) + Data(lines.joined(separator: "\r\n").utf8),
            "spaced markers": Data(lines.map { $0.hasPrefix("#:") ? "  #:\t Exercise \t" + $0.dropFirst(12) + " \t" : $0 }.joined(separator: "\n").utf8),
        ]
        for (label, data) in variants {
            let parsed = Submission.parse(data, for: lesson)
            XCTAssertEqual(parsed.answers, plain.answers, label)
            XCTAssertEqual(parsed.problems, [], label)
        }
    }

    func testFilesThatAreNotTextAreReported() {
        let cases: [(String, Data, String)] = [
            ("binary", Data((0..<256).map { UInt8($0) }), "not a text file (it holds bytes of value zero"),
            ("UTF-16", Data([0xFF, 0xFE, 0x23, 0x00, 0x3A, 0x00]), "not a text file (it is saved as UTF-16)"),
            ("control characters", Data(repeating: 0x01, count: 50) + Data("#: exercise step\nh = x\n".utf8), "mostly control characters"),
            ("too large", Data(repeating: 0x20, count: Submission.maxBytes + 1), "at most 1024 KiB"),
        ]
        for (label, data, fragment) in cases {
            let parsed = Submission.parse(data, for: lesson)
            XCTAssertEqual(parsed.answers, [:], label)
            XCTAssertTrue(parsed.problems.first?.contains(fragment) == true, "\(label): \(parsed.problems)")
        }
    }

    func testAFewBytesThatAreNotUTF8AreReplacedAndSaid() {
        var data = Data(lines.joined(separator: "\n").utf8)
        data.append(contentsOf: [0x0A, 0x23, 0x20, 0xE9, 0x0A])  // "# é" in Latin-1
        let parsed = Submission.parse(data, for: lesson)
        XCTAssertEqual(parsed.answers["step"], "h = tanh(W @ x)\n")
        XCTAssertEqual(parsed.problems, ["the submission is not valid UTF-8; characters that could not be read were replaced"])
    }
}
