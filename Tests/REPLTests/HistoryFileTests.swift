import XCTest
import Foundation
@testable import REPL

final class HistoryFileTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("unroll-history-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: directory) }

    func testEntriesSurviveASaveAndLoadIncludingMultiLineOnes() throws {
        let file = HistoryFile(url: directory.appendingPathComponent("history"))
        try file.save(["x = [1, 2]", "def f(x) {\n  return x\n}", "\"quoted\" \\ text"])
        let loaded = file.load()
        XCTAssertNil(loaded.warning)
        XCTAssertEqual(loaded.entries, ["x = [1, 2]", "def f(x) {\n  return x\n}", "\"quoted\" \\ text"])
    }

    func testOnlyTheLastEntriesAreKept() throws {
        var file = HistoryFile(url: directory.appendingPathComponent("history"))
        file.limit = 2
        try file.save(["a", "b", "c"])
        XCTAssertEqual(file.load().entries, ["b", "c"])
    }

    func testMissingFileIsAnEmptyHistory() {
        let loaded = HistoryFile(url: directory.appendingPathComponent("none")).load()
        XCTAssertEqual(loaded.entries, [])
        XCTAssertNil(loaded.warning)
    }

    func testCorruptFileIsMovedAsideWithAWarning() throws {
        let url = directory.appendingPathComponent("history")
        try Data([0xff, 0xfe, 0x00, 0x41, 0x0a]).write(to: url)
        let loaded = HistoryFile(url: url).load()
        XCTAssertEqual(loaded.entries, [])
        XCTAssertTrue(loaded.warning?.contains("is damaged") ?? false)
        XCTAssertFalse(FileManager.default.fileExists(atPath: url.path), "the damaged file is moved aside")
        let aside = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        XCTAssertEqual(aside.count, 1)
        XCTAssertTrue(aside[0].hasPrefix("history.corrupt-"))
    }
}
