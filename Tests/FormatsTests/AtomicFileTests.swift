import Formats
import Foundation
import XCTest

final class AtomicFileTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("atomic-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    private func contents() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
    }

    func testReplacesTheFileAndLeavesNoTemporaryBehind() throws {
        let url = directory.appendingPathComponent("progress.json")
        try AtomicFile.write("first", to: url)
        try AtomicFile.write("second", to: url)
        XCTAssertEqual(try String(contentsOf: url, encoding: .utf8), "second")
        XCTAssertEqual(try contents(), ["progress.json"])
    }

    /// `kill -9` in the middle of a write leaves its temporary file; the next write of the
    /// same file removes those whose process is gone, and leaves a live writer's alone.
    func testTemporariesOfKilledWritersAreRemovedByTheNextWrite() throws {
        let gone = Process()
        gone.executableURL = URL(fileURLWithPath: "/bin/true")
        try gone.run()
        gone.waitUntilExit()
        let deadPID = gone.processIdentifier, livePID = ProcessInfo.processInfo.processIdentifier
        let url = directory.appendingPathComponent("model.ckpt")
        for name in [".model.ckpt.tmp-\(deadPID)-12345", ".model.ckpt.tmp-\(deadPID)", ".model.ckpt.tmp-\(livePID)-1", ".other.tmp-\(deadPID)-1"] {
            try Data(repeating: 7, count: 100).write(to: directory.appendingPathComponent(name))
        }
        try AtomicFile.write("weights", to: url)
        XCTAssertEqual(try contents(), [".model.ckpt.tmp-\(livePID)-1", ".other.tmp-\(deadPID)-1", "model.ckpt"])
    }

    func testCreatesTheFolderWhenAsked() throws {
        let url = directory.appendingPathComponent("a/b/history")
        XCTAssertThrowsError(try AtomicFile.write([1, 2, 3], to: url))
        try AtomicFile.write([1, 2, 3], to: url, createDirectory: true)
        XCTAssertEqual(try Data(contentsOf: url), Data([1, 2, 3]))
    }

    func testAFailedWriteNamesTheFileAndKeepsTheOldOne() throws {
        let url = directory.appendingPathComponent("kept.txt")
        try AtomicFile.write("old", to: url)
        // A directory cannot be renamed over a file, so the write fails after the temporary file is written.
        let blocked = directory.appendingPathComponent("blocked")
        try FileManager.default.createDirectory(at: blocked.appendingPathComponent("inside"), withIntermediateDirectories: true)
        XCTAssertThrowsError(try AtomicFile.write("new", to: blocked)) { error in
            XCTAssertTrue("\(error)".contains("cannot write \(blocked.path)"), "\(error)")
        }
        XCTAssertEqual(try contents(), ["blocked", "kept.txt"], "the temporary file is removed")
        XCTAssertEqual(try String(contentsOf: url, encoding: .utf8), "old")
    }

    func testMoveAsideKeepsTheDamagedFileAndSaysWhere() throws {
        let url = directory.appendingPathComponent("history")
        try AtomicFile.write("garbage", to: url)
        let sentence = AtomicFile.moveAside(url, describedAs: "history file")
        XCTAssertTrue(sentence.hasPrefix("the history file \(url.path) is damaged; moved it to \(url.path).corrupt-"), sentence)
        let names = try contents()
        XCTAssertEqual(names.count, 1)
        XCTAssertTrue(names[0].hasPrefix("history.corrupt-"))
        XCTAssertEqual(AtomicFile.moveAside(url, describedAs: "history file"),
                       "the history file \(url.path) is damaged; could not move it aside")
    }
}
