import Formats
import ArgumentParser
import Foundation
import Kernel

/// `unroll export lesson N --ipynb`: a lesson as a Jupyter notebook.
/// `unroll export gradescope N -o autograder.zip`: Gradescope's autograder bundle for a lesson.
struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Export a lesson as a Jupyter notebook, or as a Gradescope autograder bundle.",
        discussion: """
            unroll export lesson 7 --ipynb > lesson7.ipynb
            unroll export gradescope 7 -o autograder.zip     (upload it as the assignment's autograder)
            """)

    @Argument(help: "What to export: 'lesson' (a notebook) or 'gradescope' (an autograder zip).")
    var what: String

    @Argument(help: "The lesson's number or short name.")
    var lesson: String

    @Flag(help: "With 'lesson': write a Jupyter notebook (the only format so far).")
    var ipynb = false

    @Option(name: .shortAndLong, help: "Write to this file (required for 'gradescope'; a notebook goes to standard output without it).")
    var output: String?

    @Option(help: "With 'gradescope': seconds the student's code for one exercise may run.")
    var timeLimit: Double = 10

    @OptionGroup var lessonFolder: LessonFolderOption

    func validate() throws {
        switch what {
        case "lesson":
            guard ipynb else { throw ValidationError("say which format: unroll export lesson N --ipynb") }
        case "gradescope":
            guard output != nil else { throw ValidationError("say where the bundle goes: unroll export gradescope N -o autograder.zip") }
            if !(timeLimit > 0 && timeLimit <= 3600) { throw ValidationError("--time-limit must be between 0 and 3600 seconds") }
        default:
            throw ValidationError("export 'lesson' (unroll export lesson N --ipynb) or 'gradescope' (unroll export gradescope N -o autograder.zip), not '\(what)'")
        }
    }

    func run() throws {
        lessonFolder.apply()
        let library = LessonLibrary.locate()
        let chosen = try findOrExit(lesson, in: library)
        if what == "gradescope", let output {
            let bundle = GradescopeBundle(lesson: try library.file(lesson), lessonNumber: chosen.number, timeLimit: timeLimit,
                                          runs: chosen.exercises.reduce(0) { $0 + 1 + $1.checks.count })
            let warnings: [String]
            do {
                warnings = try bundle.write(to: URL(fileURLWithPath: output))
            } catch let error as FileError {
                throw error
            } catch {
                throw CLIError.failed("cannot write \(output): \(error.localizedDescription)")
            }
            for warning in warnings { FileHandle.standardError.write(Data((warning + "\n").utf8)) }
            print("Wrote \(output): the Gradescope autograder for lesson \(chosen.number) (\(chosen.slug)); upload it as the assignment's autograder.")
            return
        }
        let data = NotebookExport.json(for: chosen) + Data("\n".utf8)
        if let output {
            try AtomicFile.write(data, to: URL(fileURLWithPath: output))
        } else {
            FileHandle.standardOutput.write(data)
        }
    }
}
