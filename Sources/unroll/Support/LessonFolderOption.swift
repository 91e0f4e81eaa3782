import ArgumentParser
import Foundation

/// `--lessons DIR`: a course's own lesson folder beside the lessons built into
/// the program. Its `NN-name.md` files replace built-in lessons of the same number.
struct LessonFolderOption: ParsableArguments {
    @Option(name: .customLong("lessons"),
            help: ArgumentHelp("A folder of your own NN-name.md lessons; they replace built-in lessons of the same number (as UNROLL_LESSONS=DIR does).",
                               valueName: "DIR"))
    var folder: String?

    /// Appends the folder (made absolute) to `UNROLL_LESSONS`, where every lesson
    /// lookup reads it, so the option also reaches processes this one starts.
    func apply() {
        guard let folder else { return }
        let absolute = URL(fileURLWithPath: folder).standardizedFileURL.path
        let existing = ProcessInfo.processInfo.environment["UNROLL_LESSONS"].map { $0.isEmpty ? "" : $0 + ":" } ?? ""
        setenv("UNROLL_LESSONS", existing + absolute, 1)
    }
}
