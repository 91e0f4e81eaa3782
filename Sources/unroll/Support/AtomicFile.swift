import Foundation

/// Writes files so that a reader (or a crash) never sees half of one.
enum AtomicFile {
    /// Writes `bytes` to a temporary file beside `path`, flushes it to disk,
    /// then renames it over `path` (rename is atomic within one file system).
    static func write(_ bytes: [UInt8], to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).tmp-\(ProcessInfo.processInfo.processIdentifier)")
        guard FileManager.default.createFile(atPath: temporary.path, contents: nil) else {
            throw CommandError("cannot create \(temporary.path); check that the directory exists and is writable")
        }
        do {
            let handle = try FileHandle(forWritingTo: temporary)
            try handle.write(contentsOf: Data(bytes))
            try handle.synchronize()
            try handle.close()
            guard rename(temporary.path, url.path) == 0 else {
                throw CommandError("cannot rename the temporary file onto \(path): \(String(cString: strerror(errno)))")
            }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
    }
}

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
