import Foundation
import TensorLang
import XCTest

/// Runs every script in `Tests/Golden/` and compares its output with the `# expect:` comments.
///
/// Each `# expect: TEXT` line is one expected output line, in order: displayed values,
/// printed text and rendered errors (a script stops at its first error, so an error is last).
/// `# expect:` with nothing after it expects an empty line. A failure prints the whole actual
/// output, so new expectations are written from it and reviewed by hand.
final class GoldenScriptTests: XCTestCase {
    static var goldenDirectory: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Golden")
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
            case .stdout(let s), .stderr(let s): text += s
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
