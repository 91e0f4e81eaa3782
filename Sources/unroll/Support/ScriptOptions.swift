import ArgumentParser

/// What `unroll run` and `unroll eval` share: `--json`, `--lessons DIR`, and running the
/// program through ``ScriptRunner`` with the exit code it gives.
struct ScriptOptions: ParsableArguments {
    @Flag(help: "Write one JSON object per line: values, printed text and errors.")
    var json = false

    @OptionGroup var lessonFolder: LessonFolderOption

    /// Runs `source`; a program that fails ends the command with exit code 1 (its error is already shown).
    func run(_ source: String) throws {
        lessonFolder.apply()
        let code = ScriptRunner.run(source, json: json)
        if code != 0 { throw CLIError.reported(status: code) }
    }
}
