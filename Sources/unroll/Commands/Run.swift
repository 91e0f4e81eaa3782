import ArgumentParser
import Foundation

/// `unroll run FILE` (or `-` for standard input): runs a program in the tensor language.
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run a program written in the tensor language (FILE, or - for standard input).")

    @Argument(help: "The program file, or - to read standard input.")
    var file: String

    @OptionGroup var options: ScriptOptions

    func run() throws {
        let source: String
        if file == "-" {
            source = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
        } else {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw CLIError.usage("cannot read '\(file)': no such file or it is not readable")
            }
            source = String(decoding: data, as: UTF8.self)
        }
        try options.run(source)
    }
}
