import Foundation

/// Runs another program and collects what it prints: Python for `unroll kernel
/// install`, the numpy and JAX peers for the benchmarks, the references for the tests.
public enum ChildProcess {
    /// Runs `arguments` (looked up on `PATH`), feeding `input` to its standard input.
    /// - Returns: its standard output.
    /// - Throws: when it cannot start or exits with a non-zero status (with its standard error).
    @discardableResult
    public static func run(_ arguments: [String], input: Data? = nil, environment: [String: String] = [:]) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        let output = Pipe(), errors = Pipe(), feed = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = input == nil ? FileHandle.nullDevice : feed
        try process.run()
        if let input {
            // Write from another thread so a child that prints before reading cannot deadlock us.
            let writer = feed.fileHandleForWriting
            DispatchQueue.global().async {
                try? writer.write(contentsOf: input)
                try? writer.close()
            }
        }
        // Drain standard error concurrently for the same reason.
        nonisolated(unsafe) var stderrData = Data()
        let drained = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            stderrData = errors.fileHandleForReading.readDataToEndOfFile()
            drained.signal()
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        drained.wait()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ChildProcessError(command: arguments.joined(separator: " "), status: process.terminationStatus,
                                    standardError: String(decoding: stderrData, as: UTF8.self))
        }
        return data
    }

    /// What the program prints, or nil when it cannot start or exits non-zero
    /// (for optional helpers such as the benchmarks' peers).
    public static func output(_ arguments: [String], environment: [String: String] = [:]) -> String? {
        (try? run(arguments, environment: environment)).map { String(decoding: $0, as: UTF8.self) }
    }
}
