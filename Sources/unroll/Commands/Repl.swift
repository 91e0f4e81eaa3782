import ArgumentParser
import Foundation
import Kernel
import REPL

/// `unroll` with no subcommand: the interactive session.
struct Repl: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "repl",
        abstract: "Start the interactive session (the default). Reads a script when standard input is not a terminal.")

    @OptionGroup var lessonFolder: LessonFolderOption

    func run() throws {
        lessonFolder.apply()
        try InteractiveSession(startCommands: []).run()
    }
}

/// The REPL with every part wired: readline or plain input, lessons, history,
/// progress and Ctrl-C handling. `unroll` and `unroll lesson` both start one.
struct InteractiveSession {
    /// Meta-commands run before the first prompt (`unroll lesson 7` opens the lesson).
    var startCommands: [String]

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        let style = TerminalStyle.detect(environment: environment)
        var options = SessionOptions.interactive(environment: environment, terminal: style.interactive)
        options.history = SessionHistory.open(environment: environment)
        options.display.colour = style.colour
        options.display.columns = options.display.columns ?? style.columns
        options.display.rows = options.display.rows ?? style.rows
        let session = Session.standard(options)
        let warnings = session.startupWarnings
        let reader: LineReader
        if style.interactive {
            // The up-arrow reaches back into earlier sessions, the kernel's included.
            let earlier = session.history().suffix(ReadlineReader.historyLength).map(\.input)
            reader = ReadlineReader(history: earlier) { line, cursor in
                session.complete(line, cursor: cursor).matches
            }
        } else {
            reader = PlainLineReader()
        }
        for warning in warnings { FileHandle.standardError.write(Data((warning + "\n").utf8)) }
        let loop = REPLLoop(session: session, reader: reader, style: style) { text in
            FileHandle.standardOutput.write(Data(text.utf8))
        }
        // Ctrl-C interrupts the evaluation or clears the prompt; it never ends the program.
        let interrupts = InterruptSignal { loop.handleInterrupt() }
        let greeting = """
            \(style.bold("Unroll \(Unroll.version)")) — learn recurrent networks by unrolling them.
            Type :help for commands, :lesson to pick a lesson, or any expression, e.g. W = randn(3, 3, seed=1)
            """
        let status = loop.run(greeting: greeting, startCommands: startCommands)
        interrupts.cancel()
        (reader as? ReadlineReader)?.close()
        if status != 0 { throw CLIError.reported(status: status) }
    }
}
