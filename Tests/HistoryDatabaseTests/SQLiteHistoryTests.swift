import XCTest
import Foundation
import GRDB
import Kernel
@testable import HistoryDatabase

/// The SQLite history: sessions numbered in order, entries kept across
/// processes, damaged or unwritable files reported and survived.
final class SQLiteHistoryTests: XCTestCase {
    private var folder: URL!
    private var url: URL { folder.appendingPathComponent("history.sqlite") }

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("unroll-history-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder.path)
        try? FileManager.default.removeItem(at: folder)
    }

    func testASecondSessionSeesTheFirstOnesInputsAndOutputs() {
        let first = SQLiteHistory.open(at: url)
        first.record(line: 1, input: "x = 1")
        first.record(line: 2, input: "x + 1")
        first.recordOutput(line: 2, output: "2")
        let second = SQLiteHistory.open(at: url)
        XCTAssertEqual(second.session, first.session + 1)
        second.record(line: 1, input: "x\n  + 2")
        XCTAssertEqual(second.recent(limit: 10), [
            HistoryEntry(session: first.session, line: 1, input: "x = 1"),
            HistoryEntry(session: first.session, line: 2, input: "x + 1", output: "2"),
            HistoryEntry(session: second.session, line: 1, input: "x\n  + 2"),
        ])
        XCTAssertEqual(second.recent(limit: 1).map(\.input), ["x\n  + 2"], "the latest entries, oldest first")
        XCTAssertEqual(first.takeWarnings() + second.takeWarnings(), [])
    }

    func testTheTablesAreIPythons() throws {
        let history = SQLiteHistory.open(at: url)
        history.record(line: 1, input: "1 + 1")
        // Read back with the sqlite3 shell's own view of the file, when the shell exists.
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/sqlite3") else { return }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        process.arguments = [url.path, "SELECT session, line, source, source_raw FROM history; SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name;"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertTrue(output.contains("\(history.session)|1|1 + 1|1 + 1"), output)
        for table in ["history", "output_history", "sessions"] { XCTAssertTrue(output.contains(table + "\n"), output) }
    }

    func testADamagedFileIsMovedAsideAndANewHistoryStarted() throws {
        try Data(repeating: 0x5A, count: 4096).write(to: url)
        let history = SQLiteHistory.open(at: url)
        history.record(line: 1, input: "after")
        XCTAssertEqual(history.recent(limit: 5).map(\.input), ["after"])
        let warnings = history.takeWarnings()
        XCTAssertEqual(warnings.count, 1)
        XCTAssertTrue(warnings[0].contains("is damaged"), warnings[0])
        let aside = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix("history.sqlite.corrupt-") }
        XCTAssertEqual(aside.count, 1, "the damaged file is kept for inspection")
        XCTAssertEqual(history.takeWarnings(), [], "each warning is given once")
    }

    func testAnUnwritableFolderKeepsTheHistoryInMemory() throws {
        guard getuid() != 0 else { return }  // root writes anywhere; the read-only case below covers root
        let locked = folder.appendingPathComponent("locked")
        try FileManager.default.createDirectory(at: locked, withIntermediateDirectories: true)
        try FileManager.default.setAttributes([.posixPermissions: 0o500], ofItemAtPath: locked.path)
        let history = SQLiteHistory.open(at: locked.appendingPathComponent("history.sqlite"))
        history.record(line: 1, input: "kept")
        XCTAssertEqual(history.recent(limit: 5).map(\.input), ["kept"])
        XCTAssertEqual(history.takeWarnings().count, 1)
    }

    func testAFileInPlaceOfTheFolderKeepsTheHistoryInMemory() throws {
        let blocker = folder.appendingPathComponent("not-a-folder")
        try Data("x".utf8).write(to: blocker)
        let history = SQLiteHistory.open(at: blocker.appendingPathComponent("history.sqlite"))
        XCTAssertNil(history.url)
        history.record(line: 1, input: "kept")
        XCTAssertEqual(history.recent(limit: 5).map(\.input), ["kept"])
        XCTAssertTrue(history.takeWarnings().first?.contains("kept in memory only") == true)
    }

    func testAnOldPlainHistoryFileIsImportedOnce() throws {
        let legacy = folder.appendingPathComponent("history")
        try Data("\"a = 1\"\n\"for i in 0..2 {\\n  print(i)\\n}\"\nnot json\n".utf8).write(to: legacy)
        let first = SQLiteHistory.open(at: url, importing: legacy)
        XCTAssertEqual(first.recent(limit: 10).map(\.input), ["a = 1", "for i in 0..2 {\n  print(i)\n}"])
        let second = SQLiteHistory.open(at: url, importing: legacy)
        XCTAssertEqual(second.recent(limit: 10).count, 2, "imported only when the database is new")
    }

    func testRowsEditedByHandAreReadWithoutATrap() throws {
        SQLiteHistory.open(at: url).record(line: 1, input: "good = 1")
        // What a person (or another tool) might leave in the file: NULL keys, text
        // where numbers belong, a blob for the source, an output without its input.
        let database = try DatabaseQueue(path: url.path)
        try database.write { db in
            try db.execute(sql: "INSERT INTO history VALUES (NULL, 2, 'no session', 'no session')")
            try db.execute(sql: "INSERT INTO history VALUES (1, NULL, 'no line', 'no line')")
            try db.execute(sql: "INSERT INTO history VALUES ('one', 'three', 'text keys', 'text keys')")
            try db.execute(sql: "INSERT INTO history VALUES (1, 4, x'616263', NULL)")
            try db.execute(sql: "INSERT INTO output_history VALUES (1, 4, 42)")
        }
        try database.close()
        let inputs = SQLiteHistory.open(at: url).recent(limit: 10)
        XCTAssertEqual(inputs.map(\.input).sorted(), ["abc", "good = 1", "text keys"])
        XCTAssertEqual(inputs.first { $0.input == "abc" }?.output, "42")
    }

    func testSeveralWritersAtOnceLoseNothing() {
        let stores = (0..<4).map { _ in SQLiteHistory.open(at: url) }
        DispatchQueue.concurrentPerform(iterations: stores.count) { i in
            for line in 1...25 { stores[i].record(line: line, input: "cell \(line) of writer \(i)") }
        }
        XCTAssertEqual(SQLiteHistory.open(at: url).recent(limit: 1000).count, 100)
        XCTAssertEqual(stores.flatMap { $0.takeWarnings() }, [])
    }
}
