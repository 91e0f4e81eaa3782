import Foundation

/// A command-line error: printed as `unroll: message`, exit status 2.
struct CommandError: Error, CustomStringConvertible {
    let description: String
    init(_ message: String) { description = message }
}

/// Prints an error to standard error and returns the exit code 2 to throw.
func usageFailure(_ message: String) -> ExitCodeError {
    FileHandle.standardError.write(Data("unroll: \(message)\n".utf8))
    return ExitCodeError(code: 2)
}

/// Thrown after a message has been printed, to end the process with `code`.
struct ExitCodeError: Error { let code: Int32 }
