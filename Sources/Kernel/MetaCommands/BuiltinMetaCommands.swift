import Formats
import Foundation
import Autodiff
import TensorLang

/// The meta-commands every session has. Lesson commands come from the lesson extension.
/// The commands are constants built once; their closures capture nothing.
enum BuiltinMetaCommands {
    nonisolated(unsafe) static let all: [MetaCommand] = [help, vars, reset, time, graph, save, load, set, quit]

    nonisolated(unsafe) static let help = MetaCommand("help", usage: ":help [NAME]", "list commands, or explain a builtin or command") { session, argument in
        if argument.isEmpty {
            session.show(session.helpOverview())
        } else if let text = session.helpText(for: argument) {
            session.show(text)
        } else {
            var message = "no builtin or command named '\(argument)'"
            let names = session.interpreter.registry.orderedNames + session.metaCommands.map(\.name)
            if let near = didYouMean(argument, among: names) { message += "; did you mean '\(near)'?" }
            throw SessionError.usage(message)
        }
        return false
    }

    nonisolated(unsafe) static let vars = MetaCommand("vars", usage: ":vars", "list your variables with their kind, shape and a preview") { session, _ in
        let rows = session.interpreter.variables.filter { !$0.name.hasPrefix("_") }.map { name, value in
            [name, ValueRenderer.kind(of: value), ValueRenderer.shapeText(of: value), ValueRenderer.preview(of: value, width: 40)]
        }
        if rows.isEmpty {
            session.show("no variables yet; try x = [1, 2, 3]")
        } else {
            session.show(TextTable(header: ["name", "kind", "shape", "value"], rows: rows))
        }
        return false
    }

    nonisolated(unsafe) static let reset = MetaCommand("reset", usage: ":reset", "forget every variable and output") { session, _ in
        session.reset()
        session.show("session reset: every variable is gone")
        return false
    }

    nonisolated(unsafe) static let time = MetaCommand("time", usage: ":time CODE", "run CODE and say how long it took") { session, argument in
        guard !argument.isEmpty else { throw SessionError.usage(":time needs code to run, e.g. :time svd(randn(100, 100))") }
        let start = DispatchTime.now().uptimeNanoseconds
        let failure = session.run(argument)
        session.flushPendingValue(asResult: false, count: nil, store: false)
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
        session.show("time: " + (elapsed < 1000 ? String(format: "%.3f ms", elapsed) : String(format: "%.3f s", elapsed / 1000)))
        if let failure { throw failure }
        return false
    }

    nonisolated(unsafe) static let graph = MetaCommand("graph", usage: ":graph NAME", "show the computational graph behind a value") { session, argument in
        guard !argument.isEmpty else { throw SessionError.usage(":graph needs a variable name, e.g. :graph L") }
        guard let value = session.interpreter.value(of: argument) else {
            var message = "no variable named '\(argument)'"
            if let near = didYouMean(argument, among: session.interpreter.variables.map(\.name)) { message += "; did you mean '\(near)'?" }
            throw SessionError.usage(message)
        }
        guard case .tensor(let variable) = value else {
            throw SessionError.usage("'\(argument)' is \(value.typeName), not a tensor; only tensors have a graph")
        }
        session.show(GraphDump.text(variable))
        return false
    }

    nonisolated(unsafe) static let save = MetaCommand("save", usage: ":save FILE", "write this session's code to FILE, replayable with :load") { session, argument in
        let url = try session.localFile(argument, for: ":save")
        let code = session.history().map(\.input).filter { MetaCommandLine($0) == nil }.joined(separator: "\n\n") + "\n"
        do {
            try AtomicFile.write(code, to: url)
        } catch {
            throw SessionError.usage("\(error)")
        }
        session.show("saved \(session.history().count) cells to \(argument)")
        return false
    }

    nonisolated(unsafe) static let load = MetaCommand("load", usage: ":load FILE", "run the code in FILE in this session") { session, argument in
        let url = try session.localFile(argument, for: ":load")
        guard let data = FileManager.default.contents(atPath: url.path) else {
            let exists = FileManager.default.fileExists(atPath: url.path)
            throw SessionError.usage(exists ? "cannot read \(argument): permission denied" : "no file named \(argument)")
        }
        guard let code = String(data: data, encoding: .utf8) else {
            throw SessionError.usage("\(argument) is not UTF-8 text")
        }
        if let failure = session.run(code) { throw failure }
        return false
    }

    nonisolated(unsafe) static let set = MetaCommand("set", usage: ":set [accessible on|off]",
                                                     "show the settings, or turn accessible mode on (pictures as descriptions and tables, no line drawing) or off") { session, argument in
        let words = argument.split(separator: " ").map(String.init)
        guard !words.isEmpty else {
            session.show("accessible \(session.pictures.display.accessible ? "on" : "off")  (:set accessible on|off; UNROLL_ACCESSIBLE=1 starts with it on)")
            return false
        }
        guard words.count == 2, words[0] == "accessible", let on = ["on": true, "off": false][words[1]] else {
            throw SessionError.usage(":set takes a setting and a value: :set accessible on, or :set accessible off")
        }
        session.pictures.display.accessible = on
        session.show(on ? "accessible mode on: pictures are shown as a description and a table of their numbers, without line drawing"
                        : "accessible mode off: pictures are drawn")
        return false
    }

    nonisolated(unsafe) static let quit = MetaCommand("quit", usage: ":quit", "end the session") { _, _ in true }
}

extension Session {
    /// Shows a table: aligned under a rule, or in accessible mode as comma-separated rows without one.
    func show(_ table: TextTable) {
        show(pictures.display.accessible ? table.accessiblePlain : table.plain, html: table.html)
    }

    /// Resolves a file argument, refusing when this session has no file access.
    func localFile(_ argument: String, for command: String) throws(SessionError) -> URL {
        guard case .local = files else { throw SessionError.usage("\(command) is not available here: this session has no file access") }
        guard !argument.isEmpty else { throw SessionError.usage("\(command) needs a file name") }
        return URL(fileURLWithPath: argument)
    }

    /// The text of `:help` with no argument.
    func helpOverview() -> String {
        var lines = ["Type code to run it, e.g. W = randn(3, 3, seed=1) then W @ [1, 0, 0].", "", "Commands:"]
        let width = metaCommands.map(\.usage.count).max() ?? 0
        for command in metaCommands {
            lines.append("  " + command.usage.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + command.summary)
        }
        lines.append("")
        lines.append("Builtins (:help NAME for one):")
        for library in interpreter.registry.libraries {
            lines.append("  \(library.title): " + library.builtins.map(\.name).joined(separator: " "))
        }
        return lines.joined(separator: "\n")
    }

    /// Help for one builtin or meta-command.
    func helpText(for name: String) -> String? {
        let bare = name.hasPrefix(":") ? String(name.dropFirst()) : name
        if let builtin = interpreter.registry.entries[bare] {
            return "\(builtin.signature)\n  \(builtin.summary)\n\nexample:\n  " + builtin.example.replacingOccurrences(of: "\n", with: "\n  ")
        }
        if let command = metaCommands.first(where: { $0.name == bare }) {
            return "\(command.usage)\n  \(command.summary)"
        }
        return nil
    }
}
