import Formats
import Foundation
import GRDB
import Kernel

/// The history of every session in one SQLite file, laid out as IPython lays
/// out its `history.sqlite`: a `sessions` table, and `history` and
/// `output_history` keyed by (session, line). The REPL and every Jupyter
/// kernel of a user share it; SQLite's write-ahead log lets several
/// processes write at once.
///
/// Opening never fails for the caller: a damaged file is moved aside and a
/// new one started, an unwritable folder leaves the history in memory, and
/// each problem is reported once through ``takeWarnings()``.
public final class SQLiteHistory: HistoryStore, @unchecked Sendable {
    /// Where the database is; nil when the history is kept in memory only.
    public let url: URL?
    public let session: Int
    /// Nil only if even an in-memory database could not be made; then nothing is kept.
    private let database: DatabaseQueue?
    private var warnings: [String] = []
    private var writeFailed = false

    /// Opens (or creates) the database at `url` and starts a new session in it.
    /// - Parameter importing: an older plain history file (one JSON string per line)
    ///   whose entries become the first session of a new database.
    public static func open(at url: URL, importing legacyFile: URL? = nil) -> SQLiteHistory {
        var warnings: [String] = []
        do {
            return try SQLiteHistory(url: url, importing: legacyFile, warnings: warnings)
        } catch {
            // Unreadable as a database: keep it for inspection and start afresh.
            if FileManager.default.fileExists(atPath: url.path) {
                let sentence = AtomicFile.moveAside(url, describedAs: "history database")
                if !FileManager.default.fileExists(atPath: url.path) {
                    for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: url.path + suffix) }
                    warnings.append("warning: \(sentence) (\(Self.describe(error))) and started a new history")
                    if let fresh = try? SQLiteHistory(url: url, importing: nil, warnings: warnings) { return fresh }
                }
            }
            warnings.append("warning: cannot open the history database \(url.path) (\(Self.describe(error))); this session's history is kept in memory only")
            return SQLiteHistory(inMemoryWith: warnings)
        }
    }

    /// A history kept in memory for this process only.
    public convenience init() { self.init(inMemoryWith: []) }

    private init(inMemoryWith warnings: [String]) {
        url = nil
        database = try? DatabaseQueue()
        session = database.flatMap { try? Self.startSession(in: $0, remark: "unroll") } ?? 1
        self.warnings = warnings
    }

    private init(url: URL, importing legacyFile: URL?, warnings: [String]) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        var configuration = Configuration()
        configuration.journalMode = .wal
        configuration.busyMode = .timeout(5)
        configuration.label = "unroll history"
        let isNew = !FileManager.default.fileExists(atPath: url.path)
        let database = try DatabaseQueue(path: url.path, configuration: configuration)
        try database.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = NORMAL") }
        if isNew, let legacyFile { try Self.importLegacy(legacyFile, into: database) }
        session = try Self.startSession(in: database, remark: "unroll")
        self.database = database
        self.url = url
        self.warnings = warnings
    }

    /// Creates the tables if needed and opens a new session; returns its number.
    private static func startSession(in database: DatabaseQueue, remark: String) throws -> Int {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("IPython-compatible tables") { db in
            try db.execute(sql: """
                CREATE TABLE IF NOT EXISTS sessions (session INTEGER PRIMARY KEY AUTOINCREMENT,
                    start TIMESTAMP, end TIMESTAMP, num_cmds INTEGER, remark TEXT);
                CREATE TABLE IF NOT EXISTS history (session INTEGER, line INTEGER, source TEXT, source_raw TEXT,
                    PRIMARY KEY (session, line));
                CREATE TABLE IF NOT EXISTS output_history (session INTEGER, line INTEGER, output TEXT,
                    PRIMARY KEY (session, line));
                """)
        }
        try migrator.migrate(database)
        return try database.write { db in
            try db.execute(sql: "INSERT INTO sessions (start, num_cmds, remark) VALUES (?, 0, ?)", arguments: [Date(), remark])
            return Int(db.lastInsertedRowID)
        }
    }

    /// Copies an old one-JSON-string-per-line history file in as one session.
    private static func importLegacy(_ file: URL, into database: DatabaseQueue) throws {
        guard let data = try? Data(contentsOf: file) else { return }
        let decoder = JSONDecoder()
        let inputs = data.split(separator: UInt8(ascii: "\n")).compactMap { try? decoder.decode(String.self, from: Data($0)) }
        guard !inputs.isEmpty else { return }
        let session = try startSession(in: database, remark: "imported from \(file.lastPathComponent)")
        try database.write { db in
            for (index, input) in inputs.enumerated() {
                try db.execute(sql: "INSERT INTO history (session, line, source, source_raw) VALUES (?, ?, ?, ?)",
                               arguments: [session, index + 1, input, input])
            }
            try db.execute(sql: "UPDATE sessions SET num_cmds = ? WHERE session = ?", arguments: [inputs.count, session])
        }
    }

    public func record(line: Int, input: String) {
        write { [session] db in
            try db.execute(sql: "INSERT OR REPLACE INTO history (session, line, source, source_raw) VALUES (?, ?, ?, ?)",
                           arguments: [session, line, input, input])
            try db.execute(sql: "UPDATE sessions SET num_cmds = num_cmds + 1, end = ? WHERE session = ?", arguments: [Date(), session])
        }
    }

    public func recordOutput(line: Int, output: String) {
        write { [session] db in
            try db.execute(sql: "INSERT OR REPLACE INTO output_history (session, line, output) VALUES (?, ?, ?)",
                           arguments: [session, line, output])
        }
    }

    public func recent(limit: Int) -> [HistoryEntry] {
        guard let database else { return [] }
        do {
            return try database.read { db in
                let rows = try Row.fetchAll(db, sql: """
                    SELECT CAST(h.session AS INTEGER), CAST(h.line AS INTEGER), CAST(h.source AS TEXT),
                           CAST(o.output AS TEXT) FROM history h
                    LEFT JOIN output_history o ON o.session = h.session AND o.line = h.line
                    WHERE h.session IS NOT NULL AND h.line IS NOT NULL
                    ORDER BY h.session DESC, h.line DESC LIMIT ?
                    """, arguments: [max(0, limit)])
                // The file is the user's to edit: the casts and the NULL filter give every
                // column the type read below, which GRDB would otherwise trap on.
                return rows.reversed().map { row in
                    HistoryEntry(session: row[0], line: row[1], input: row[2] as String? ?? "", output: row[3] as String?)
                }
            }
        } catch {
            report("warning: cannot read the history (\(Self.describe(error)))")
            return []
        }
    }

    public func takeWarnings() -> [String] {
        defer { warnings = [] }
        return warnings
    }

    /// Runs a write; the first failure is reported, later ones only skip their entry.
    private func write(_ body: (Database) throws -> Void) {
        guard let database else { return }
        do {
            try database.write(body)
        } catch {
            if !writeFailed { report("warning: cannot save to the history (\(Self.describe(error))); the session goes on without saving it") }
            writeFailed = true
        }
    }

    private func report(_ warning: String) { warnings.append(warning) }

    private static func describe(_ error: Error) -> String {
        (error as? DatabaseError)?.message ?? error.localizedDescription
    }
}
