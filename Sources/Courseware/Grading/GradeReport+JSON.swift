import Formats

/// Reports as JSON, exactly as they are (the grading processes pass them to each
/// other this way); `init?(json:)` reads back what `json` wrote and nil from anything else.
extension CheckResult {
    public var json: JSONValue {
        ["name": .string(name), "passed": .bool(passed), "points": .double(points), "maxPoints": .double(maxPoints),
         "hidden": .bool(hidden), "message": .string(message)]
    }

    public init?(json: JSONValue) {
        guard let name = json["name"]?.stringValue, let passed = json["passed"]?.boolValue,
              let points = json["points"]?.doubleValue, let maxPoints = json["maxPoints"]?.doubleValue,
              let hidden = json["hidden"]?.boolValue, let message = json["message"]?.stringValue else { return nil }
        self.init(name: name, passed: passed, points: points, maxPoints: maxPoints, hidden: hidden, message: message)
    }
}

extension ExerciseReport {
    public var json: JSONValue {
        ["id": .string(id), "title": .string(title), "checks": .array(checks.map(\.json)), "error": error.map(JSONValue.string) ?? .null]
    }

    public init?(json: JSONValue) {
        guard let id = json["id"]?.stringValue, let title = json["title"]?.stringValue,
              let items = json["checks"]?.arrayValue else { return nil }
        let checks = items.compactMap(CheckResult.init(json:))
        guard checks.count == items.count else { return nil }
        self.init(id: id, title: title, checks: checks, error: json["error"]?.stringValue)
    }
}

extension GradeReport {
    public var json: JSONValue {
        ["lesson": .string(lesson), "exercises": .array(exercises.map(\.json)), "problems": JSONValue(problems),
         "executionTime": .double(executionTime), "seed": seed.map { .string(String($0)) } ?? .null]
    }

    public init?(json: JSONValue) {
        guard let lesson = json["lesson"]?.stringValue, let items = json["exercises"]?.arrayValue,
              let problems = json["problems"]?.arrayValue?.compactMap(\.stringValue),
              let time = json["executionTime"]?.doubleValue else { return nil }
        let exercises = items.compactMap(ExerciseReport.init(json:))
        guard exercises.count == items.count else { return nil }
        self.init(lesson: lesson, exercises: exercises, problems: problems, executionTime: time,
                  seed: json["seed"]?.stringValue.flatMap { UInt64($0) })
    }
}
