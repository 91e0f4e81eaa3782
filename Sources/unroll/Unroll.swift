import ArgumentParser
import Foundation

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
            Export.self,
            Docs.self,
            Train.self,
            KernelCommand.self,
        ],
        defaultSubcommand: Repl.self
    )

    /// Runs the command; bad usage (a missing or unknown argument) exits with status 2,
    /// the convention `unroll run`/`eval` document, instead of ArgumentParser's 64.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            if exitCode(for: error) == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}
