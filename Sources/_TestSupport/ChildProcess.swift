import Foundation
import XCTest

/// Runs other programs from tests: the numpy references, Python's zlib and json as
/// independent checks, the shared peer programs in `../shared/bench`.
///
/// A missing reference skips its test on a developer's machine, but fails it where
/// references are required: `scripts/test` (and so CI) sets `UNROLL_REQUIRE_REFERENCES=1`,
/// so a check against numpy can never pass by not running.
public enum ChildProcess {
    /// The package root, found from this file's location.
    public static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The peer programs and data shared by the team, beside the package.
    public static var sharedBench: URL { packageRoot.deletingLastPathComponent().appendingPathComponent("shared/bench") }

    /// Whether a missing reference fails the test instead of skipping it.
    public static var referencesRequired: Bool {
        ["1", "true"].contains(ProcessInfo.processInfo.environment["UNROLL_REQUIRE_REFERENCES"]?.lowercased() ?? "")
    }

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

    /// Skips the test (or fails it when references are required) unless `python3`
    /// can import every module named.
    public static func requirePython(_ modules: String...) throws {
        let imports = (["sys"] + modules).joined(separator: ", ")
        guard (try? run(["python3", "-c", "import \(imports)"])) != nil else {
            try missingReference("python3 with \(modules.isEmpty ? "its standard library" : modules.joined(separator: ", ")) is not available")
            return
        }
    }

    /// The shared peer programs' folder, or a skip (a failure when references are required).
    public static func requireSharedBench(_ file: String = "") throws -> URL {
        let url = file.isEmpty ? sharedBench : sharedBench.appendingPathComponent(file)
        guard FileManager.default.fileExists(atPath: url.path) else {
            try missingReference("\(url.path) is not present (the shared peer programs sit beside the package as ../shared/bench)")
            return url
        }
        return url
    }

    private static func missingReference(_ what: String) throws {
        if referencesRequired { throw MissingReference(description: "\(what); UNROLL_REQUIRE_REFERENCES is set, so this check may not be skipped") }
        throw XCTSkip(what)
    }
}

/// A reference a test needs is missing where references are required.
public struct MissingReference: Error, CustomStringConvertible {
    public var description: String
}

/// A child program that exited with a non-zero status.
public struct ChildProcessError: Error, CustomStringConvertible {
    public var command: String
    public var status: Int32
    public var standardError: String

    public var description: String { "`\(command)` exited with status \(status): \(standardError)" }
}
