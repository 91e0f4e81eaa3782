import Formats
import Foundation
import Kernel

/// Runs a program for `run` and `eval` through a script session: writes what it
/// shows as text (errors on standard error) or as JSON lines; returns the exit code.
enum ScriptRunner {
    static func run(_ source: String, json: Bool) -> Int32 {
        let session = Session.standard(.script(environment: ProcessInfo.processInfo.environment, json: json))
        let failure = session.runScript(source) { output in
            if json {
                // Streamed in pieces of 64 KiB: a value of millions of numbers is never text all at once.
                var writer = JSONWriter(style: .spaced) { write($0, to: .standardOutput) }
                output.writeJSON(to: &writer)
                writer.flush()
                write("\n", to: .standardOutput)
            } else {
                switch output {
                case .stream(let name, let text): write(text, to: name == "stderr" ? .standardError : .standardOutput)
                case .display(let bundle), .result(let bundle), .page(let bundle): write(bundle.plain + "\n", to: .standardOutput)
                }
            }
        }
        guard let failure else { return 0 }
        if json {
            write(failure.json.encoded(.spaced) + "\n", to: .standardOutput)
        } else {
            write(failure.traceback.joined(separator: "\n") + "\n", to: .standardError)
        }
        return 1
    }

    static func write(_ text: String, to handle: FileHandle) {
        handle.write(Data(text.utf8))
    }
}
