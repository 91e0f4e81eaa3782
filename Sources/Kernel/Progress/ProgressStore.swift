import Foundation

/// A student's place in each lesson and the exercises done, saved as JSON in
/// the data directory after every change (written atomically: a temporary
/// file, then a rename, so a crash never leaves half a file).
public struct Progress: Codable, Sendable, Equatable {
    /// Progress in one lesson.
    public struct LessonProgress: Codable, Sendable, Equatable {
        public var step = 0
        public var passed: Set<String> = []
        public var skipped: Set<String> = []
        public var hintsShown: [String: Int] = [:]
        public init() {}
    }

    /// The slug of the lesson last worked on.
    public var current: String?
    public var lessons: [String: LessonProgress] = [:]
    public init() {}
}

/// Reads and writes ``Progress``; a damaged file is moved aside with a warning.
public struct ProgressStore: Sendable {
    public let url: URL

    public init(url: URL) { self.url = url }

    /// The saved progress (empty when there is none) and a warning if the file was damaged.
    public func load() -> (progress: Progress, warning: String?) {
        guard let data = FileManager.default.contents(atPath: url.path) else { return (Progress(), nil) }
        if let progress = try? JSONDecoder().decode(Progress.self, from: data) { return (progress, nil) }
        let aside = url.deletingLastPathComponent().appendingPathComponent("\(url.lastPathComponent).corrupt-\(Int(Date().timeIntervalSince1970))")
        let moved = (try? FileManager.default.moveItem(at: url, to: aside)) != nil
        return (Progress(), "warning: the progress file \(url.path) is damaged; \(moved ? "moved it to \(aside.path)" : "could not move it aside") and started afresh")
    }

    public func save(_ progress: Progress) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(progress).write(to: url, options: .atomic)
    }
}
