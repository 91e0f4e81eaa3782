import ArgumentParser
import Foundation

/// The one way a command fails: `Unroll.main` prints `unroll: MESSAGE` on standard
/// error and exits with ``status``, following the SPEC's exit codes.
///
/// Argument checks in a command's `validate()` throw ArgumentParser's `ValidationError`
/// instead, which `Unroll.main` prints the same way, with the usage line, and exit 2.
struct CLIError: Error, CustomStringConvertible {
    /// What to print after `unroll: `; empty when the output already said why.
    var message: String
    var status: Int32

    var description: String { message }

    /// The command cannot run as given — a bad argument, an input it cannot read,
    /// something it needs that is missing (exit 2).
    static func usage(_ message: String) -> CLIError { CLIError(message: message, status: 2) }

    /// The command ran and what it ran failed — an error in the user's program, a
    /// failed check, a training run that diverged, a file it could not write (exit 1).
    static func failed(_ message: String) -> CLIError { CLIError(message: message, status: 1) }

    /// Stopped by Ctrl-C (exit 130, as shells expect of a program ended by SIGINT).
    static let interrupted = CLIError(message: "", status: 130)

    /// Leave with `status` after output that already explained it (a script's own error messages).
    static func reported(status: Int32) -> CLIError { CLIError(message: "", status: status) }

    /// Prints the message (if any) and ends the process with the status.
    func exit() -> Never {
        if !message.isEmpty { FileHandle.standardError.write(Data("unroll: \(message)\n".utf8)) }
        Foundation.exit(status)
    }
}
