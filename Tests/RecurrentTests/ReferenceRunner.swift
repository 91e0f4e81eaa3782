import Formats
import Foundation
import Processes
import Recurrent
import XCTest
import _TestSupport

/// Runs the project's numpy reference (Tests/Reference/char_rnn_reference.py)
/// and the shared independent port (../shared/bench/min_char_rnn.py, when present).
enum ReferenceRunner {
    static var referenceScript: URL { References.packageRoot.appendingPathComponent("Tests/Reference/char_rnn_reference.py") }

    /// Runs the reference script with a sub-command and decodes its JSON output.
    static func reference(_ arguments: [String]) throws -> JSONValue {
        try JSONValue.parse(ChildProcess.run(["python3", referenceScript.path] + arguments))
    }

    /// A fresh temporary directory for one test.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("charrnn-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Writes a JSON object to `url`.
    static func writeJSON(_ object: Any, to url: URL) throws {
        try JSONSerialization.data(withJSONObject: object).write(to: url)
    }
}

/// A short English training text (written for these tests).
let sampleText = """
A recurrent network reads one character at a time and carries a hidden state \
forward, so the state is a summary of everything it has read so far. Training \
unrolls the network over a short window, adds up the prediction errors, and \
sends the blame backwards through every step of the window. The weights that \
connect one step to the next are shared across time, which is why their \
gradient is a sum over all steps. When the window ends, the last hidden state \
is kept and becomes the start of the next window, while the gradient stops at \
the boundary. Small windows train fast; long windows see further back.
"""

/// Largest |a − b| divided by the largest |b| (a norm-wise relative error).
func relativeError(_ a: [Double], _ b: [Double]) -> Double {
    precondition(a.count == b.count)
    let scale = b.map(abs).max() ?? 0
    let diff = zip(a, b).map { abs($0 - $1) }.max() ?? 0
    return scale == 0 ? diff : diff / scale
}

/// Largest elementwise |a − b| / |b| (elements with b = 0 compare absolutely).
func elementwiseRelativeError(_ a: [Double], _ b: [Double]) -> Double {
    precondition(a.count == b.count)
    return zip(a, b).map { x, y in y == 0 ? abs(x) : abs(x - y) / abs(y) }.max() ?? 0
}

extension JSONValue {
    func doubles(_ key: String) -> [Double] { self[key]?.doubles ?? [] }
    func double(_ key: String) -> Double { self[key]?.doubleValue ?? .nan }
    func int(_ key: String) -> Int { Int(self[key]?.doubleValue ?? -1) }
}
