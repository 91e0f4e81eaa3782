import Foundation
import TensorLang
import XCTest

/// Runs every script in `Tests/Golden/` and compares its output with the `# expect:` comments.
///
/// Each `# expect: TEXT` line is one expected output line, in order: displayed values,
/// printed text and rendered errors (a script stops at its first error, so an error is last).
/// `# expect:` with nothing after it expects an empty line.
final class GoldenScriptTests: XCTestCase {
    static var goldenDirectory: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Golden")
    }

    /// With `UNROLL_GOLDEN_BLESS=1`, rewrites each script's expectations from the current output
    /// (cells separated by blank lines get their outputs after them). Review the diff by hand.
    func testBlessWhenAsked() throws {
        guard ProcessInfo.processInfo.environment["UNROLL_GOLDEN_BLESS"] == "1" else { return }
        let files = try FileManager.default.contentsOfDirectory(at: Self.goldenDirectory, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "ur" }
        for file in files {
            let source = try String(contentsOf: file, encoding: .utf8)
            let cells = source.components(separatedBy: "\n\n").map { cell in
                cell.split(separator: "\n", omittingEmptySubsequences: false)
                    .filter { !$0.trimmingCharacters(in: .whitespaces).hasPrefix("# expect:") }.joined(separator: "\n")
            }.filter { !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
            // Each cell is run after everything before it (expectations are comments), so
            // rendered line numbers match the final file.
            var text = ""
            var seen = 0
            for cell in cells {
                let candidate = text + cell + "\n"
                let lines = GoldenScript.outputLines(Interpreter().execute(candidate))
                text = candidate + lines.dropFirst(seen).map { "# expect: \($0)".trimmingTrailingSpaces + "\n" }.joined() + "\n"
                seen = lines.count
            }
            try text.write(to: file, atomically: true, encoding: .utf8)
        }
    }

    func testEveryGoldenScriptProducesItsExpectedOutput() throws {
        let files = try FileManager.default.contentsOfDirectory(at: Self.goldenDirectory, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "ur" }.sorted { $0.lastPathComponent < $1.lastPathComponent }
        XCTAssertGreaterThanOrEqual(files.count, 8, "the golden scripts were not found")
        for file in files {
            let source = try String(contentsOf: file, encoding: .utf8)
            let expected = GoldenScript.expectations(in: source)
            XCTAssertFalse(expected.isEmpty, "\(file.lastPathComponent) has no # expect: lines")
            let actual = GoldenScript.outputLines(Interpreter().execute(source))
            if actual != expected {
                let diff = zip(expected.indices, expected).first { $0.0 >= actual.count || actual[$0.0] != $0.1 }
                XCTFail("""
                    \(file.lastPathComponent): output differs\(diff.map { " at expected line \($0.0 + 1): \($0.1.debugDescription)" } ?? "")
                    --- actual ---
                    \(actual.joined(separator: "\n"))
                    """)
            }
        }
    }
}

/// Reading expectations and flattening outputs to lines.
enum GoldenScript {
    static func expectations(in source: String) -> [String] {
        source.split(separator: "\n", omittingEmptySubsequences: false).compactMap { line -> String? in
            guard let range = line.range(of: "# expect:") else { return nil }
            var rest = line[range.upperBound...]
            if rest.hasPrefix(" ") { rest = rest.dropFirst() }
            return String(rest).trimmingTrailingSpaces
        }
    }

    static func outputLines(_ outputs: [Output]) -> [String] {
        var text = ""
        for output in outputs {
            switch output {
            case .value(let v): text += v.printed + "\n"
            case .stdout(let s): text += s
            case .display: text += "(a picture)\n"
            case .error(let d, let source): text += DiagnosticRenderer.render(d, source: source) + "\n"
            }
        }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { String($0).trimmingTrailingSpaces }
        if lines.last == "" { lines.removeLast() }
        return lines
    }
}

extension String {
    var trimmingTrailingSpaces: String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}
