import Formats
import Foundation
import Kernel

/// The persistent REPL history: one JSON string per line (so multi-line
/// entries survive), kept in the user's data directory and written atomically.
public struct HistoryFile: Sendable {
    /// Where the history lives.
    public let url: URL
    /// How many entries are kept.
    public var limit = 1000

    public init(url: URL) { self.url = url }

    /// `history` in the data directory (`$XDG_DATA_HOME/unroll/history`, else `~/.local/share/unroll/history`).
    public static func defaultURL(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        DataDirectory.url(environment: environment).appendingPathComponent("history")
    }

    /// The outcome of loading: the entries, and a warning when the file was
    /// unreadable and has been moved aside.
    public struct Loaded: Sendable {
        public var entries: [String]
        public var warning: String?
    }

    /// Reads the history. A missing file is an empty history; a corrupt one is
    /// renamed to `history.corrupt-<time>` and reported, never fatal.
    public func load() -> Loaded {
        guard let data = try? Data(contentsOf: url) else { return Loaded(entries: [], warning: nil) }
        var entries: [String] = []
        for line in data.split(separator: UInt8(ascii: "\n")) where !line.isEmpty {
            guard let entry = (try? JSONValue.parse(Array(line)))?.stringValue else {
                return Loaded(entries: [], warning: "warning: " + AtomicFile.moveAside(url, describedAs: "history file") + " and started a new history")
            }
            entries.append(entry)
        }
        return Loaded(entries: entries, warning: nil)
    }

    /// Writes the last ``limit`` entries atomically (temporary file, then rename).
    public func save(_ entries: [String]) throws {
        let text = entries.suffix(limit).map { JSONValue.quoted($0) + "\n" }.joined()
        try AtomicFile.write(text, to: url, createDirectory: true)
    }
}
