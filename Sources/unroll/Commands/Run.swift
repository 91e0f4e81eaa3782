import ArgumentParser
import Foundation

/// `unroll run FILE` (or `-` for standard input): runs a program in the tensor language.
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run a program written in the tensor language (FILE, or - for standard input).")

    @Argument(help: "The program file, or - to read standard input.")
    var file: String

    @Flag(help: "Write one JSON object per line: values, printed text and errors.")
    var json = false

    @OptionGroup var lessonFolder: LessonFolderOption

    func run() throws {
        lessonFolder.apply()
        let source: String
        if file == "-" {
            source = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
        } else {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw CLIError.usage("cannot read '\(file)': no such file or it is not readable")
            }
            source = String(decoding: data, as: UTF8.self)
        }
        let code = ScriptRunner.run(source, json: json)
        if code != 0 { throw CLIError.reported(status: code) }
    }
}
