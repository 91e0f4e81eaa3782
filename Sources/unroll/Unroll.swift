import ArgumentParser

/// The `unroll` command: the REPL by default, with subcommands for scripts,
/// lessons, grading, training and the Jupyter kernel.
@main
struct Unroll: ParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "unroll",
        abstract: "Learn recurrent neural networks by unrolling them, one step at a time.",
        version: version,
        subcommands: [
            Repl.self,
            Run.self,
            Eval.self,
            LessonCommand.self,
            Grade.self,
            Docs.self,
            Train.self,
        ],
        defaultSubcommand: Repl.self
    )
}
