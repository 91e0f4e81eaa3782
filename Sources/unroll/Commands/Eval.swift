import ArgumentParser

/// `unroll eval 'CODE'`: runs code given on the command line, e.g. `unroll eval '[1,2] @ [3,4]'`.
struct Eval: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Evaluate code in the tensor language and show the results.")

    @Argument(help: "The code to run.")
    var code: String

    @Flag(help: "Write one JSON object per line: values, printed text and errors.")
    var json = false

    @OptionGroup var lessonFolder: LessonFolderOption

    func run() throws {
        lessonFolder.apply()
        let code = ScriptRunner.run(self.code, json: json)
        if code != 0 { throw CLIError.reported(status: code) }
    }
}
