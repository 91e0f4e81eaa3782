import Foundation
import Formats

/// Reads and writes ``Progress``; a damaged file is moved aside with a warning.
public struct ProgressStore: Sendable {
    public let url: URL

    public init(url: URL) { self.url = url }

    /// The saved progress (empty when there is none) and a warning if the file was damaged.
    public func load() -> (progress: Progress, warning: String?) {
        guard let data = FileManager.default.contents(atPath: url.path) else { return (Progress(), nil) }
        if let json = try? JSONValue.parse(data), let decoded = Progress(json: json) {
            let (progress, problems) = decoded.validated()
            guard !problems.isEmpty else { return (progress, nil) }
            return (progress, "warning: the progress file \(url.path) holds values out of range (\(problems.joined(separator: "; "))); they count as the start")
        }
        return (Progress(), "warning: " + AtomicFile.moveAside(url, describedAs: "progress file") + " and started afresh")
    }

    /// Writes the progress file atomically, creating the data directory when needed.
    public func save(_ progress: Progress) throws {
        try AtomicFile.write(progress.json.encoded(.pretty) + "\n", to: url, createDirectory: true)
    }
}
