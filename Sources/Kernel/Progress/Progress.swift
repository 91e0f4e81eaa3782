import Formats

/// A student's place in each lesson and the exercises done, saved as JSON in
/// the data directory after every change (written atomically: a temporary
/// file, then a rename, so a crash never leaves half a file).
public struct Progress: Sendable, Equatable {
    /// Progress in one lesson.
    public struct LessonProgress: Sendable, Equatable {
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

extension Progress {
    /// The progress file's JSON: `{"current": "vanishing", "lessons": {"vanishing": {"step": 3,
    /// "passed": ["dh"], "skipped": [], "hintsShown": {"dh": 1}}}}`.
    var json: JSONValue {
        let lessons = self.lessons.mapValues { p -> JSONValue in
            ["step": .int(p.step), "passed": JSONValue(p.passed.sorted()), "skipped": JSONValue(p.skipped.sorted()),
             "hintsShown": .object(p.hintsShown.mapValues(JSONValue.int))]
        }
        return ["current": current.map(JSONValue.string) ?? .null, "lessons": .object(lessons)]
    }

    /// Reads the progress file's JSON; nil when it does not have that form.
    init?(json: JSONValue) {
        guard let lessons = json["lessons"]?.objectValue else { return nil }
        self.init()
        switch json["current"] {
        case .string(let slug)?: current = slug
        case .null?, nil: current = nil
        default: return nil
        }
        for (slug, entry) in lessons {
            var p = LessonProgress()
            guard let step = entry["step"]?.intValue, let passed = entry["passed"]?.arrayValue?.compactMap(\.stringValue),
                  let skipped = entry["skipped"]?.arrayValue?.compactMap(\.stringValue),
                  let hints = entry["hintsShown"]?.objectValue else { return nil }
            p.step = step
            p.passed = Set(passed)
            p.skipped = Set(skipped)
            for (id, count) in hints {
                guard let n = count.intValue else { return nil }
                p.hintsShown[id] = n
            }
            self.lessons[slug] = p
        }
    }
}
