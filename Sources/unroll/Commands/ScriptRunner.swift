import Foundation
import Kernel
import TensorLang

/// Runs a program for `run` and `eval`: streams outputs as text or JSON lines; returns the exit code.
enum ScriptRunner {
    static func run(_ source: String, json: Bool) -> Int32 {
        var failed = false
        let session = Interpreter()
        // Pictures: Unicode text in a terminal; in JSON, every format as {"display": {mime: data}}.
        session.addLibrary("Plots", PlotLibrary.builtins(show: { bundle in
            if json, let data = try? JSONSerialization.data(withJSONObject: ["display": bundle.data], options: [.sortedKeys, .withoutEscapingSlashes]) {
                write(String(decoding: data, as: UTF8.self) + "\n", to: .standardOutput)
            } else if !json {
                write(bundle.plain + "\n", to: .standardOutput)
            }
        }))
        session.sink = { output in
            if json {
                write(output.json + "\n", to: .standardOutput)
                if case .error = output { failed = true }
                return
            }
            switch output {
            case .value(let v): write(v.printed + "\n", to: .standardOutput)
            case .stdout(let text): write(text, to: .standardOutput)
            case .error(let d, let source):
                failed = true
                write(DiagnosticRenderer.render(d, source: source) + "\n", to: .standardError)
            }
        }
        session.execute(source)
        return failed ? 1 : 0
    }

    static func write(_ text: String, to handle: FileHandle) {
        handle.write(Data(text.utf8))
    }
}
