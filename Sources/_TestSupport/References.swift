import Foundation
import Processes
import XCTest

/// What the tests check against beside the package: the numpy references, Python's
/// zlib and json, the shared peer programs in `../shared/bench`.
///
/// A missing reference skips its test on a developer's machine, but fails it where
/// references are required: `scripts/test` (and so CI) sets `UNROLL_REQUIRE_REFERENCES=1`,
/// so a check against numpy can never pass by not running.
public enum References {
    /// The package root, found from this file's location.
    public static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The peer programs and data shared by the team, beside the package.
    public static var sharedBench: URL { packageRoot.deletingLastPathComponent().appendingPathComponent("shared/bench") }

    /// Whether a missing reference fails the test instead of skipping it.
    public static var required: Bool {
        ["1", "true"].contains(ProcessInfo.processInfo.environment["UNROLL_REQUIRE_REFERENCES"]?.lowercased() ?? "")
    }

    /// Skips the test (or fails it when references are required) unless `python3`
    /// can import every module named.
    public static func requirePython(_ modules: String...) throws {
        let imports = (["sys"] + modules).joined(separator: ", ")
        guard (try? ChildProcess.run(["python3", "-c", "import \(imports)"])) != nil else {
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
        if required { throw MissingReference(description: "\(what); UNROLL_REQUIRE_REFERENCES is set, so this check may not be skipped") }
        throw XCTSkip(what)
    }
}
