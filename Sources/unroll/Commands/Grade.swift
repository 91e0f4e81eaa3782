import Formats
import ArgumentParser
import Foundation
import Courseware
import Isolation
import Kernel
import TensorCore

/// `unroll grade LESSON SUBMISSION`, `unroll grade LESSON --batch DIR` and
/// `unroll grade LESSON --autograder ROOT`.
struct Grade: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Grade a submission (or a folder of them) against a lesson's exercises.",
        discussion: """
            A submission is a script with one '#: exercise ID' block per exercise \
            (see 'unroll lesson --starter N'), or a lesson notebook worked in Jupyter \
            ('unroll export lesson N --ipynb'). Each submission runs in a process of its \
            own with hard limits on memory, CPU and wall time; the report is complete \
            even when the code fails, crashes or is killed. Property and gradient checks \
            draw their inputs from a seed chosen per run and shown in the report; \
            --seed replays a run.
            """)

    @Argument(help: "The lesson's number or short name.")
    var lesson: String

    @Argument(help: "The submission file.")
    var submission: String?

    @Option(help: "Grade every file in this folder, on all cores.")
    var batch: String?

    @Option(help: "With --batch: where to write one JSON per submission and summary.csv (default: DIR-results).")
    var out: String?

    @Flag(help: "Write Gradescope's results.json format instead of the readable report.")
    var json = false

    @Option(help: "Seconds each exercise may take: the student's code and the checks that run it.")
    var timeLimit: Double = 10

    @Option(help: "MiB of memory (address space) each submission's process may use.")
    var memoryLimit: Int = 1024

    @Option(help: "Draw the check inputs from this seed (the one a report shows replays its run).")
    var seed: UInt64?

    @OptionGroup var lessonFolder: LessonFolderOption

    @Option(help: ArgumentHelp("Grade as Gradescope does: the file in ROOT/submission, results in ROOT/results/results.json.", valueName: "ROOT"))
    var autograder: String?

    func validate() throws {
        if [submission != nil, batch != nil, autograder != nil].filter({ $0 }).count != 1 {
            throw ValidationError("give one of a SUBMISSION file, --batch DIR and --autograder ROOT")
        }
        if !(timeLimit > 0 && timeLimit <= 3600) { throw ValidationError("--time-limit must be between 0 and 3600 seconds") }
        if !(64...65536).contains(memoryLimit) { throw ValidationError("--memory-limit must be between 64 and 65536 MiB") }
    }

    func run() throws {
        lessonFolder.apply()  // the grading workers find the same lessons
        let chosen = try findOrExit(lesson, in: LessonLibrary.locate())
        let runSeed = seed ?? Grader.randomSeed()
        let pool = workerPool(chosen, seed: runSeed)
        if let batch {
            try gradeFolder(batch, with: pool, seed: runSeed)
            return
        }
        if let autograder {
            try gradeAutograderFolder(URL(fileURLWithPath: autograder), with: pool)
            return
        }
        guard let submission, FileManager.default.isReadableFile(atPath: submission) else {
            throw CLIError.usage("cannot read the submission '\(submission ?? "")'")
        }
        let report = pool.grade([submission], workers: 1) { _ in }[0]
        let output = json ? GradescopeResults(report).json() + Data("\n".utf8) : Data((report.text + "\n").utf8)
        FileHandle.standardOutput.write(output)
    }

    /// Grading workers started from this same binary (`unroll grade-worker`).
    func workerPool(_ lesson: Courseware.Lesson, seed: UInt64) -> WorkerPool {
        let arguments = ["grade-worker", self.lesson, "--seed", String(seed), "--time-limit", String(timeLimit),
                         "--memory-limit", String(memoryLimit)]
        return WorkerPool(executable: Self.ownExecutable, arguments: arguments, lesson: lesson,
                          limits: ProcessLimits(memoryBytes: memoryLimit << 20, secondsPerExercise: timeLimit))
    }

    /// The path of this program, to start workers from.
    static var ownExecutable: String {
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return path }
        let name = CommandLine.arguments[0]
        if name.contains("/") { return URL(fileURLWithPath: name).standardizedFileURL.path }
        let folders = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":")
        return folders.map { "\($0)/\(name)" }.first(where: FileManager.default.isExecutableFile) ?? name
    }

    /// Grades every regular file of `folder` on all cores.
    func gradeFolder(_ folder: String, with pool: WorkerPool, seed: UInt64) throws {
        let folderURL = URL(fileURLWithPath: folder)
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else {
            throw CLIError.usage("cannot read the folder '\(folder)'")
        }
        let files = names.filter { !$0.hasPrefix(".") }.sorted()
            .filter { (try? folderURL.appendingPathComponent($0).resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true }
        let outURL = URL(fileURLWithPath: out ?? (folderURL.standardizedFileURL.path + "-results"))
        try FileManager.default.createDirectory(at: outURL, withIntermediateDirectories: true)
        let started = Date()
        let workers = ProcessInfo.processInfo.activeProcessorCount
        let reports = pool.grade(files.map { folderURL.appendingPathComponent($0).path }, workers: workers) { done in
            if done % 50 == 0 || done == files.count {
                FileHandle.standardError.write(Data("graded \(done)/\(files.count)\r".utf8))
            }
        }
        // Each result is written whole or not at all; the summary, written last, is also
        // flushed to disk (flushing a thousand results one by one would cost more than grading them).
        var csv = BatchSummary.line(BatchSummary.header)
        for (file, report) in zip(files, reports) {
            let result = outURL.appendingPathComponent(BatchSummary.resultFileName(for: file))
            try AtomicFile.write(GradescopeResults(report).json(), to: result, flush: false)
            csv += BatchSummary.row(file: file, report: report)
        }
        try AtomicFile.write(csv, to: outURL.appendingPathComponent("summary.csv"))
        let seconds = Date().timeIntervalSince(started)
        if !files.isEmpty { FileHandle.standardError.write(Data("\n".utf8)) }
        let rate = String(format: "%.0f", Double(files.count) / max(seconds, 1e-9))
        print("graded \(files.count) submissions in \(String(format: "%.2f", seconds)) s (\(rate) per second) with --seed \(seed); results in \(outURL.path)")
    }
}

/// `unroll grade-worker LESSON …`: one grading worker (see ``GradingWorker``), started by
/// `unroll grade`. Not for people: it reads jobs on standard input and answers in JSON.
struct GradeWorker: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grade-worker",
        abstract: "A grading worker process, started by 'unroll grade'.",
        shouldDisplay: false)

    @Argument var lesson: String
    @Option var seed: UInt64
    @Option var timeLimit: Double
    @Option var memoryLimit: Int

    func run() throws {
        let chosen = try findOrExit(lesson, in: LessonLibrary.locate())
        // A student's tensors stay small; a 10^12-element request fails the exercise, not the machine.
        TensorLimits.maxElements = min(TensorLimits.maxElements, 10_000_000)
        GradingWorker(lesson: chosen, seed: seed, limits: ProcessLimits(memoryBytes: memoryLimit << 20, secondsPerExercise: timeLimit),
                      makeInterpreter: Session.makeGradingInterpreter).run()
    }
}
