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

    /// The progress with every value a program could not have saved put right — a
    /// negative step becomes the first step, a negative hint count no hint shown —
    /// and one line per value changed. The file is the user's to edit, so its
    /// numbers are input like any other. (Steps past a lesson's end are clamped
    /// where the lesson is known, when it is opened.)
    public func validated() -> (progress: Progress, problems: [String]) {
        var fixed = self
        var problems: [String] = []
        for (slug, lesson) in lessons.sorted(by: { $0.key < $1.key }) {
            if lesson.step < 0 {
                problems.append("lesson '\(slug)' had step \(lesson.step)")
                fixed.lessons[slug]?.step = 0
            }
            for (id, count) in lesson.hintsShown.sorted(by: { $0.key < $1.key }) where count < 0 {
                problems.append("exercise '\(id)' of lesson '\(slug)' had \(count) hints shown")
                fixed.lessons[slug]?.hintsShown[id] = 0
            }
        }
        return (fixed, problems)
    }
}

/// Reads and writes ``Progress``; a damaged file is moved aside with a warning.
public struct ProgressStore: Sendable {
    public let url: URL

    public init(url: URL) { self.url = url }

    /// The saved progress (empty when there is none) and a warning if the file was damaged.
    public func load() -> (progress: Progress, warning: String?) {
        guard let data = FileManager.default.contents(atPath: url.path) else { return (Progress(), nil) }
        if let decoded = try? JSONDecoder().decode(Progress.self, from: data) {
            let (progress, problems) = decoded.validated()
            guard !problems.isEmpty else { return (progress, nil) }
            return (progress, "warning: the progress file \(url.path) holds values out of range (\(problems.joined(separator: "; "))); they count as the start")
        }
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
