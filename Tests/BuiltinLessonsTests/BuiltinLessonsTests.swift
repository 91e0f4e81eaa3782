import XCTest
import Foundation
import BuiltinLessons

/// The lessons compiled into the program are the files of lessons/, byte for byte.
final class BuiltinLessonsTests: XCTestCase {
    private let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("lessons")

    func testEveryLessonFileIsBuiltInExactly() throws {
        let onDisk = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { $0.hasSuffix(".md") && $0.first?.isNumber == true }.sorted()
        XCTAssertGreaterThanOrEqual(onDisk.count, 15)
        XCTAssertEqual(BuiltinLessons.files.map(\.name), onDisk)
        for (name, text) in BuiltinLessons.files {
            let data = try Data(contentsOf: folder.appendingPathComponent(name))
            XCTAssertEqual(Data(text.utf8), data, "\(name) is embedded exactly")
        }
    }
}
