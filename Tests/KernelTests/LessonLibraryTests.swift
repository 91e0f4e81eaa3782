import XCTest
import Foundation
@testable import Kernel
import BuiltinLessons

/// Built-in lessons, and a course's own folders overriding them by number.
final class LessonLibraryTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("unroll-library-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    private func write(_ name: String, _ text: String) throws {
        try Data(text.utf8).write(to: folder.appendingPathComponent(name))
    }

    func testWithoutAFolderEveryBuiltInLessonIsThere() {
        let (lessons, errors) = LessonLibrary.locate(environment: [:]).load()
        XCTAssertEqual(errors.map(\.description), [])
        XCTAssertEqual(lessons.count, BuiltinLessons.files.count)
        XCTAssertEqual(lessons.map(\.number), lessons.map(\.number).sorted())
    }

    func testAFolderReplacesLessonsOfTheSameNumberAndAddsNewOnes() throws {
        try write("07-our-vanishing.md", "# Our own lesson seven\n\n```unroll\nx = 1\n```\n")
        try write("42-extra.md", "# An extra lesson\n")
        try write("notes.md", "# not a lesson: no number\n")
        let library = LessonLibrary.locate(environment: ["UNROLL_LESSONS": folder.path])
        let (lessons, errors) = library.load()
        XCTAssertEqual(errors.map(\.description), [])
        XCTAssertEqual(lessons.count, BuiltinLessons.files.count + 1)
        XCTAssertEqual(lessons.first { $0.number == 7 }?.title, "Our own lesson seven")
        XCTAssertEqual(lessons.last?.slug, "extra")
        XCTAssertEqual(try library.find("7").slug, "our-vanishing")
        XCTAssertThrowsError(try library.find("vanishing"), "the built-in lesson 7 is replaced, not kept beside")
        let file = try library.file("extra")
        guard case .folder(let url) = file.source else { return XCTFail("lesson 42 comes from the folder") }
        XCTAssertEqual(url.standardizedFileURL.path, folder.standardizedFileURL.path)
        XCTAssertEqual(try library.file("1").source, .builtIn)
    }

    func testLaterFoldersWinAndAMissingFolderIsReported() throws {
        let second = folder.appendingPathComponent("second")
        try FileManager.default.createDirectory(at: second, withIntermediateDirectories: true)
        try write("03-first.md", "# First\n")
        try Data("# Second\n".utf8).write(to: second.appendingPathComponent("03-second.md"))
        let missing = folder.appendingPathComponent("nowhere").path
        let (lessons, errors) = LessonLibrary.locate(environment: ["UNROLL_LESSONS": "\(folder.path):\(second.path):\(missing)"]).load()
        XCTAssertEqual(lessons.first { $0.number == 3 }?.title, "Second")
        XCTAssertEqual(errors.map(\.description), ["\(missing): this lessons folder does not exist or cannot be read"])
    }

    func testABrokenOverrideIsReportedInsteadOfTheBuiltInLesson() throws {
        try write("02-broken.md", "# Broken\n\n```unroll\nnever closed\n")
        let library = LessonLibrary.locate(environment: ["UNROLL_LESSONS": folder.path])
        let (lessons, errors) = library.load()
        XCTAssertFalse(lessons.contains { $0.number == 2 })
        XCTAssertEqual(errors.count, 1)
        XCTAssertThrowsError(try library.find("broken")) { error in
            XCTAssertTrue("\(error)".contains("has a mistake"), "\(error)")
        }
    }
}
