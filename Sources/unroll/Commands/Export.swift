import Formats
import ArgumentParser
import Foundation
import Kernel

/// `unroll export lesson N --ipynb`: a lesson as a Jupyter notebook.
struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Export a lesson as a Jupyter notebook (unroll export lesson 7 --ipynb > lesson7.ipynb).")

    @Argument(help: "What to export; only 'lesson' for now.")
    var what: String

    @Argument(help: "The lesson's number or short name.")
    var lesson: String

    @Flag(help: "Write a Jupyter notebook (the only format so far).")
    var ipynb = false

    @Option(name: .shortAndLong, help: "Write to this file instead of standard output.")
    var output: String?

    @OptionGroup var lessonFolder: LessonFolderOption

    func validate() throws {
        guard what == "lesson" else { throw ValidationError("only lessons can be exported: unroll export lesson N --ipynb") }
        guard ipynb else { throw ValidationError("say which format: --ipynb") }
    }

    func run() throws {
        lessonFolder.apply()
        let library = LessonLibrary.locate()
        let data = NotebookExport.json(for: try findOrExit(lesson, in: library)) + Data("\n".utf8)
        if let output {
            try AtomicFile.write(data, to: URL(fileURLWithPath: output))
        } else {
            FileHandle.standardOutput.write(data)
        }
    }
}
