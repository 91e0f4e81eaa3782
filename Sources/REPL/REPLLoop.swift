import Foundation
import Kernel
import Synchronization

/// The read–eval–print loop: reads complete cells (asking for more lines while
/// the session says the input is incomplete), executes them and prints what
/// they show. Everything it knows about the language comes from the session.
public final class REPLLoop {
    private let session: KernelSession
    private let reader: LineReader
    private let style: TerminalStyle
    private let write: (String) -> Void
    private let evaluating = Atomic<Bool>(false)

    /// - Parameters:
    ///   - write: where text goes (standard output in the program, a buffer in tests).
    public init(session: KernelSession, reader: LineReader, style: TerminalStyle, write: @escaping (String) -> Void) {
        self.session = session
        self.reader = reader
        self.style = style
        self.write = write
    }

    /// Routes Ctrl-C: while a cell runs it interrupts the evaluation (variables
    /// are kept); at the prompt it abandons the line. Call from any thread.
    public func handleInterrupt() {
        if evaluating.load(ordering: .sequentiallyConsistent) {
            session.interrupt()
        } else if let readline = reader as? ReadlineReader {
            readline.interruptPrompt()
        }
    }

    /// Runs until end of input or `:quit`. Returns the process exit status: 0,
    /// or 1 when reading a script from a pipe stopped at an error.
    ///   - startCommands: cells run before reading input (e.g. `:lesson 7`).
    public func run(greeting: String?, startCommands: [String] = []) -> Int32 {
        if style.interactive, let greeting { write(greeting + "\n") }
        var queued = startCommands
        while true {
            let next = queued.isEmpty ? readCell() : queued.removeFirst()
            guard let code = next else {
                if style.interactive { write("\n") }
                return 0
            }
            if code.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { continue }
            reader.addHistory(code)
            let count = session.executionCount
            evaluating.store(true, ordering: .sequentiallyConsistent)
            let result = session.execute(code, storeHistory: true) { [self] output in show(output, count: count) }
            evaluating.store(false, ordering: .sequentiallyConsistent)
            if let error = result.error {
                write(style.error(error.traceback.joined(separator: "\n")) + "\n")
                if !style.interactive && error.name != "interrupted" { return 1 }
            }
            if style.interactive { write("\n") }
            if result.quitRequested { return 0 }
        }
    }

    /// Reads lines until they form a complete cell; nil at end of input.
    private func readCell() -> String? {
        let count = session.executionCount
        var lines: [String] = []
        while true {
            let prompt = style.interactive ? (lines.isEmpty ? style.inPrompt(count) : style.continuationPrompt(count)) : ""
            switch reader.readLine(prompt: prompt) {
            case .endOfInput:
                // Unfinished lines at the end of a pipe still run, so their error is shown.
                return lines.isEmpty || style.interactive ? nil : lines.joined(separator: "\n")
            case .interrupted:
                lines = []
                continue
            case .line(let line):
                lines.append(line)
            }
            let code = lines.joined(separator: "\n")
            if case .incomplete = session.isComplete(code) { continue }
            return code
        }
    }

    private func show(_ output: SessionOutput, count: Int) {
        switch output {
        case .stream(_, let text):
            write(text.hasSuffix("\n") ? text : text + "\n")
        case .page(let bundle):
            write(bundle.plain + "\n")
        case .display(let bundle):
            // A coloured form (pictures, lesson prose) only where colour is allowed.
            write((style.colour ? bundle.data[ansiTextMimeType] ?? bundle.plain : bundle.plain) + "\n")
        case .result(let bundle):
            guard style.interactive else { write(bundle.plain + "\n"); return }
            // A one-line value sits on the Out line; the shape footer is dimmed below it.
            var body = bundle.plain
            var footer = ""
            if let cut = body.range(of: "\nshape (", options: .backwards), !body[cut.upperBound...].contains("\n") {
                footer = "\n" + style.dim(String(body[body.index(after: cut.lowerBound)...]))
                body = String(body[..<cut.lowerBound])
            }
            write(style.outLabel(count) + (body.contains("\n") ? "\n" : "") + body + footer + "\n")
        }
    }
}
