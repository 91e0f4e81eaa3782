import Formats
import Courseware

/// A job for a grading worker: one submission file.
struct GradingJob {
    var path: String

    var json: JSONValue { ["path": .string(path)] }

    init(path: String) { self.path = path }

    init?(json: JSONValue) {
        guard let path = json["path"]?.stringValue else { return nil }
        self.path = path
    }
}

/// What the process grading a submission tells its worker, exercise by exercise,
/// so that whatever happens to it, the finished exercises keep their results.
enum SubmissionEvent {
    case started(exercise: Int)
    case finished(exercise: Int, report: ExerciseReport)

    var json: JSONValue {
        switch self {
        case .started(let index): return ["started": .int(index)]
        case .finished(let index, let report): return ["finished": .int(index), "report": report.json]
        }
    }

    init?(json: JSONValue) {
        if let index = json["started"]?.intValue {
            self = .started(exercise: index)
        } else if let index = json["finished"]?.intValue, let report = json["report"].flatMap(ExerciseReport.init(json:)) {
            self = .finished(exercise: index, report: report)
        } else {
            return nil
        }
    }
}
