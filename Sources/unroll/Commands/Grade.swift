import Formats
import ArgumentParser
import Foundation
import Synchronization
import Courseware
import Kernel
import TensorCore

/// `unroll grade LESSON SUBMISSION` and `unroll grade LESSON --batch DIR`.
struct Grade: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Grade a submission (or a folder of them) against a lesson's exercises.",
        discussion: """
            A submission is a script with one '#: exercise ID' block per exercise \
            (see 'unroll lesson --starter N'), or a lesson notebook worked in Jupyter \
            ('unroll export lesson N --ipynb'). Every exercise runs in a fresh session \
            with a time limit; the report is written even when the code fails.
            """)

    @Argument(help: "The lesson's number or short name.")
    var lesson: String

    @Argument(help: "The submission file.")
    var submission: String?

    @Option(help: "Grade every file in this folder, on all cores.")
    var batch: String?

    @Option(help: "With --batch: where to write one JSON per student and summary.csv (default: DIR-results).")
    var out: String?

    @Flag(help: "Write Gradescope's results.json format instead of the readable report.")
    var json = false

    @Option(help: "Seconds each exercise's code may run.")
    var timeLimit: Double = 10

    @OptionGroup var lessonFolder: LessonFolderOption

    @Option(help: ArgumentHelp("Grade as Gradescope does: the file in ROOT/submission, results in ROOT/results/results.json.", valueName: "ROOT"))
    var autograder: String?

    func validate() throws {
        if [submission != nil, batch != nil, autograder != nil].filter({ $0 }).count != 1 {
            throw ValidationError("give one of a SUBMISSION file, --batch DIR and --autograder ROOT")
        }
        if !(timeLimit > 0 && timeLimit <= 3600) { throw ValidationError("--time-limit must be between 0 and 3600 seconds") }
    }

    func run() throws {
        lessonFolder.apply()
        let library = LessonLibrary.locate()
        let chosen = try findOrExit(lesson, in: library)
        // A student's tensors stay small; a 10^12-element request fails the exercise, not the machine.
        TensorLimits.maxElements = min(TensorLimits.maxElements, 10_000_000)
        let limits = GradingLimits(secondsPerExercise: timeLimit)
        if let batch {
            try gradeFolder(batch, lesson: chosen, limits: limits)
            return
        }
        if let autograder {
            try gradeAutograderFolder(URL(fileURLWithPath: autograder), lesson: chosen, limits: limits)
            return
        }
        guard let submission, let data = FileManager.default.contents(atPath: submission) else {
            throw CLIError.usage("cannot read the submission '\(submission ?? "")'")
        }
        let grader = Grader(limits: limits, makeInterpreter: Session.makeGradingInterpreter)
        let report = grader.grade(chosen, Submission.read(data, fileName: submission, for: chosen))
        let output = json ? GradescopeResults(report).json() + Data("\n".utf8) : Data((report.text + "\n").utf8)
        FileHandle.standardOutput.write(output)
    }

    /// Grades every regular file of `folder` on all cores, each in its own sessions.
    func gradeFolder(_ folder: String, lesson: Courseware.Lesson, limits: GradingLimits) throws {
        let folderURL = URL(fileURLWithPath: folder)
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else {
            throw CLIError.usage("cannot read the folder '\(folder)'")
        }
        let files = names.filter { !$0.hasPrefix(".") }.sorted().map { folderURL.appendingPathComponent($0) }
            .filter { (try? $0.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true }
        let outURL = URL(fileURLWithPath: out ?? (folderURL.standardizedFileURL.path + "-results"))
        try FileManager.default.createDirectory(at: outURL, withIntermediateDirectories: true)
        let started = Date()
        let results = BatchGrader(lesson: lesson, limits: limits).grade(files) { done in
            if done % 50 == 0 || done == files.count {
                FileHandle.standardError.write(Data("graded \(done)/\(files.count)\r".utf8))
            }
        }
        var csv = "student,score,max_score,seconds,problems\n"
        for (file, report) in zip(files, results) {
            let student = file.deletingPathExtension().lastPathComponent
            try AtomicFile.write(GradescopeResults(report).json(), to: outURL.appendingPathComponent("\(student).json"))
            let problems = report.problems.joined(separator: "; ").replacingOccurrences(of: "\"", with: "\"\"")
            csv += "\(csvField(student)),\(report.score),\(report.maxScore),\(String(format: "%.3f", report.executionTime)),\"\(problems)\"\n"
        }
        try AtomicFile.write(csv, to: outURL.appendingPathComponent("summary.csv"))
        let seconds = Date().timeIntervalSince(started)
        FileHandle.standardError.write(Data("\n".utf8))
        print("graded \(files.count) submissions in \(String(format: "%.2f", seconds)) s (\(String(format: "%.0f", Double(files.count) / max(seconds, 1e-9))) per second); results in \(outURL.path)")
    }

    func csvField(_ s: String) -> String {
        s.contains(",") || s.contains("\"") ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }
}

/// Grades many submissions on every core: each worker has its own grader
/// and sessions, so no state is shared between students.
struct BatchGrader {
    var lesson: Courseware.Lesson
    var limits: GradingLimits

    func grade(_ files: [URL], progress: @escaping @Sendable (Int) -> Void) -> [GradeReport] {
        let lesson = self.lesson, limits = self.limits
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, files.count))
        let next = Atomic<Int>(0), done = Atomic<Int>(0)
        let results = Mutex<[GradeReport?]>(Array(repeating: nil, count: files.count))
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            let grader = Grader(limits: limits, makeInterpreter: Session.makeGradingInterpreter)
            while true {
                let index = next.add(1, ordering: .relaxed).oldValue
                guard index < files.count else { break }
                let data = (try? Data(contentsOf: files[index])) ?? Data()
                let report = grader.grade(lesson, Submission.read(data, fileName: files[index].lastPathComponent, for: lesson))
                results.withLock { $0[index] = report }
                progress(done.add(1, ordering: .relaxed).newValue)
            }
        }
        // Every index is taken by exactly one worker, so every slot is filled.
        return results.withLock { slots in
            slots.map { $0 ?? GradeReport(lesson: "\(lesson.number)", exercises: [], problems: ["not graded"], executionTime: 0) }
        }
    }
}
