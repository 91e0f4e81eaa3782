import ArgumentParser
import Formats
import Foundation
import NativeKernelsAVX2
import TensorCore

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
            GradeWorker.self,
            Export.self,
            Docs.self,
            Train.self,
            KernelCommand.self,
        ],
        defaultSubcommand: Repl.self
    )

    /// Runs the command. Every failure leaves through ``CLIError``: `unroll: MESSAGE` on
    /// standard error, exit 2 for bad usage (ArgumentParser's own errors included, instead
    /// of its 64), 1 for an error in what ran.
    static func main() {
        NativeInstructionSet.provideAVX2(NativeKernelsAVX2.kernelTable)
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let error as CLIError {
            error.exit()
        } catch let error as FileError {
            CLIError.failed(error.description).exit()
        } catch {
            // ArgumentParser's errors, and --help and --version (which exit 0 through it).
            let code = exitCode(for: error)
            guard code != .success else { exit(withError: error) }
            var message = fullMessage(for: error)
            if message.hasPrefix("Error: ") { message.removeFirst("Error: ".count) }
            CLIError(message: message, status: code == .validationFailure ? 2 : code.rawValue).exit()
        }
    }
}
