import ArgumentParser
import Foundation
import Courseware
import Kernel

/// `unroll lesson check FILE.md …`: for lesson authors, everything that makes a
/// lesson trustworthy, with each problem on its line (see lessons/README.md).
struct LessonCheck: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "For lesson authors: run every cell and assertion, and grade each exercise's solution, starter and mutants.",
        discussion: """
            Reports each problem as FILE:LINE: message. The solution must get full marks, \
            the starter 0, and every mutant at most a third of the points and be \
            recognised by :check. Exit status 1 when a lesson has a problem.
            """)

    @Argument(help: "Lesson files, e.g. lessons/07-vanishing.md.")
    var files: [String]

    @Option(help: "Seconds one cell, claim or exercise may run.")
    var timeLimit: Double = 60

    func validate() throws {
        if files.isEmpty { throw ValidationError("give at least one lesson file, e.g. unroll lesson check lessons/07-vanishing.md") }
        if !(timeLimit > 0 && timeLimit <= 3600) { throw ValidationError("--time-limit must be between 0 and 3600 seconds") }
    }

    func run() throws {
        let showProgress = isatty(STDERR_FILENO) == 1
        var problems = 0
        for path in files {
            guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
                throw CLIError.usage("cannot read '\(path)' as UTF-8 text")
            }
            let lesson: Courseware.Lesson
            do {
                lesson = try LessonParser.parse(text, fileName: URL(fileURLWithPath: path).lastPathComponent)
            } catch let error as LessonError {
                print("\(path):\(error.line): \(error.message)")
                problems += 1
                continue
            }
            let audit = LessonAudit.run(lesson, file: path, makeInterpreter: Session.makeGradingInterpreter, seconds: timeLimit) { step in
                if showProgress { FileHandle.standardError.write(Data("\r\u{1B}[K\(path): \(step)…".utf8)) }
            }
            if showProgress { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
            for problem in audit.problems { print(problem.description) }
            problems += audit.problems.count
            let verdict = audit.problems.isEmpty ? "ok" : "\(audit.problems.count) problem\(audit.problems.count == 1 ? "" : "s")"
            print("\(path): \(verdict) (\(audit.summary))")
        }
        if problems > 0 { throw CLIError.reported(status: 1) }
    }
}
