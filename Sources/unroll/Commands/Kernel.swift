import ArgumentParser
import Dispatch
import Foundation
import JupyterKernel
import Kernel
import TensorCore

/// `unroll kernel --connection-file F`: serve a notebook as a Jupyter kernel.
/// `unroll kernel install`: register the kernel with Jupyter.
struct KernelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kernel",
        abstract: "Run as a Jupyter kernel (Jupyter starts it), or install its kernelspec.",
        discussion: "Run `unroll kernel install` once; then pick \"Unroll\" as the kernel in Jupyter.",
        subcommands: [Install.self])

    @Option(name: [.customLong("connection-file"), .customShort("f")], help: "The connection file Jupyter wrote ({connection_file} in kernel.json).")
    var connectionFile: String?

    func run() throws {
        guard let connectionFile else {
            fail("give the connection file Jupyter wrote: unroll kernel --connection-file FILE (or run `unroll kernel install` once and let Jupyter start the kernel)")
        }
        let connection: ConnectionFile
        do {
            connection = try ConnectionFile(contentsOf: connectionFile)
        } catch {
            fail("\(error)")
        }
        let library: ZMQLibrary
        do {
            library = try ZMQLibrary.load()
        } catch {
            fail("\(error)")
        }
        let kernel = KernelState(
            session: makeKernelSession(),
            configuration: KernelConfiguration(
                implementationVersion: Unroll.version,
                banner: "Unroll \(Unroll.version) — learn recurrent neural networks by unrolling them, one step at a time."))
        let server = KernelServer(connection: connection, kernel: kernel, library: library, log: KernelCommand.log)

        // Ctrl-C in a terminal, or a client in signal mode: stop the cell, keep the kernel.
        signal(SIGINT, SIG_IGN)
        let interrupts = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        interrupts.setEventHandler { [kernel] in kernel.session.interrupt() }
        interrupts.resume()
        defer { interrupts.cancel() }

        do {
            let restart = try server.run()
            KernelCommand.log(restart ? "shut down for a restart" : "shut down")
        } catch {
            fail("\(error)")
        }
    }

    /// Log lines go to stderr, which Jupyter shows in its own log.
    @Sendable static func log(_ line: String) {
        FileHandle.standardError.write(Data("[unroll kernel] \(line)\n".utf8))
    }

    private func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("unroll kernel: error: \(message)\n".utf8))
        Foundation.exit(2)
    }
}

extension KernelCommand {
    /// `unroll kernel install [--user | --prefix DIR | --sys-prefix]`.
    struct Install: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Install the kernelspec (kernel.json and logos) so Jupyter lists \"Unroll\".")

        @Flag(help: "Install for the current user (the default).")
        var user = false
        @Option(help: "Install under DIR/share/jupyter/kernels (as `jupyter kernelspec install --prefix`).")
        var prefix: String?
        @Flag(help: "Install into the active Python environment (virtualenv, conda, or python3's sys.prefix).")
        var sysPrefix = false

        func run() throws {
            let chosen = [user, prefix != nil, sysPrefix].filter { $0 }.count
            guard chosen <= 1 else { fail("choose one of --user, --prefix DIR and --sys-prefix") }
            let environment = ProcessInfo.processInfo.environment
            let location: KernelSpec.Location
            if let prefix {
                location = .prefix(prefix)
            } else if sysPrefix {
                guard let dir = Self.pythonPrefix(environment: environment) else {
                    fail("no Python environment found for --sys-prefix; use --user or --prefix DIR")
                }
                location = .prefix(dir)
            } else {
                location = .user
            }
            let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
            let dataDirectory = location.dataDirectory(environment: environment, home: NSHomeDirectory())
            do {
                let directory = try KernelSpec(executable: executable).install(into: dataDirectory)
                print("Installed the Unroll kernel in \(directory)")
                if case .prefix = location {
                    print("Jupyter finds it when \(dataDirectory) is on JUPYTER_PATH or is its environment's prefix.")
                }
            } catch {
                fail("cannot write the kernelspec under \(dataDirectory): \(error.localizedDescription)")
            }
        }

        /// `$VIRTUAL_ENV`, `$CONDA_PREFIX`, or what `python3` reports as `sys.prefix`.
        static func pythonPrefix(environment: [String: String]) -> String? {
            for key in ["VIRTUAL_ENV", "CONDA_PREFIX"] {
                if let dir = environment[key], !dir.isEmpty { return dir }
            }
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["python3", "-c", "import sys; print(sys.prefix)"]
            let pipe = Pipe()
            process.standardOutput = pipe
            process.standardError = FileHandle.nullDevice
            guard (try? process.run()) != nil else { return nil }
            let output = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            let dir = String(decoding: output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            return process.terminationStatus == 0 && !dir.isEmpty ? dir : nil
        }

        private func fail(_ message: String) -> Never {
            FileHandle.standardError.write(Data("unroll kernel install: error: \(message)\n".utf8))
            Foundation.exit(2)
        }
    }
}

/// The session the kernel serves.
///
/// TEMPORARY: returns a small calculator until the language's `Session` lands;
/// then this body becomes `Session()` and everything below the marker goes.
func makeKernelSession() -> KernelSession {
    TemporaryCalculatorSession()
}

// MARK: - TEMPORARY calculator session (delete when the real Session is wired in)

/// Numbers, `+ - * /`, parentheses, `name = expr`, `print(…)`, `plot([…])`
/// and `sleep(seconds)` — enough of the language's surface to exercise every
/// kernel message end to end.
final class TemporaryCalculatorSession: KernelSession, @unchecked Sendable {
    private var variables: [String: Double] = [:]
    private var entries: [HistoryEntry] = []
    private let interrupted = NSLock()
    private var interruptRequested = false
    private(set) var executionCount = 1
    private static let builtins = ["print": "print(values…): writes the values", "plot": "plot([y…]): a line chart", "sleep": "sleep(seconds): waits; interruptible"]

    func execute(_ code: String, storeHistory: Bool, onOutput: @escaping (SessionOutput) -> Void) -> ExecutionResult {
        let count = executionCount
        if storeHistory {
            entries.append(HistoryEntry(session: 1, line: count, input: code))
            executionCount += 1
        }
        setInterrupted(false)
        var result = ExecutionResult(executionCount: count)
        let emit = { (output: SessionOutput) in result.outputs.append(output); onOutput(output) }
        let lines = Self.split(code, at: ["\n", ";"])
        for (i, line) in lines.enumerated() {
            do {
                if let value = try run(line, emit: emit), i == lines.count - 1 {
                    emit(.result(MimeBundle(plain: Tensor(value).description)))
                }
            } catch let error as SessionError {
                result.error = error
                break
            } catch {
                result.error = SessionError(name: "error", value: "\(error)", traceback: ["\(error)"])
                break
            }
        }
        return result
    }

    private func setInterrupted(_ flag: Bool) {
        interrupted.lock()
        interruptRequested = flag
        interrupted.unlock()
    }

    func interrupt() { setInterrupted(true) }

    private var isInterrupted: Bool {
        interrupted.lock()
        defer { interrupted.unlock() }
        return interruptRequested
    }

    /// Runs one statement; returns the value of a bare expression.
    private func run(_ line: String, emit: (SessionOutput) -> Void) throws -> Double? {
        if let call = try Self.call(in: line) {
            switch call.name {
            case "print":
                let text = call.arguments.map { arg in
                    arg.hasPrefix("\"") ? String(arg.dropFirst().dropLast()) : (try? evaluate(arg)).map { Tensor($0).description } ?? arg
                }.joined(separator: " ")
                emit(.stream(name: "stdout", text: text + "\n"))
            case "plot":
                let ys = try call.arguments.map(evaluate)
                let plot = Plot.line(ys)
                emit(.display(MimeBundle(plain: "plot of \(ys.count) points", svg: SVGPlotRenderer().render(plot))))
            case "sleep":
                let deadline = Date(timeIntervalSinceNow: try evaluate(call.arguments.first ?? "0"))
                while Date() < deadline {
                    if isInterrupted { throw SessionError(name: "interrupted", value: "interrupted by the user", traceback: ["interrupted by the user"]) }
                    Thread.sleep(forTimeInterval: 0.01)
                }
            default:
                throw SessionError(name: "name", value: "'\(call.name)' is not defined", traceback: ["'\(call.name)' is not defined"])
            }
            return nil
        }
        if let equals = line.firstIndex(of: "="), Self.isName(line[..<equals].trimmingCharacters(in: .whitespaces)) {
            variables[line[..<equals].trimmingCharacters(in: .whitespaces)] = try evaluate(String(line[line.index(after: equals)...]))
            return nil
        }
        return try evaluate(line)
    }

    private static func isName(_ text: String) -> Bool {
        guard let first = text.first, first.isLetter || first == "_" else { return false }
        return text.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
    }

    /// `name(arg, …)` (brackets inside arguments are dropped, so `plot([1, 2])` has arguments 1 and 2).
    private static func call(in line: String) throws -> (name: String, arguments: [String])? {
        guard let open = line.firstIndex(of: "("), line.hasSuffix(")"), isName(String(line[..<open])) else { return nil }
        let inside = String(line[line.index(after: open)..<line.index(before: line.endIndex)])
        return (String(line[..<open]), split(inside, at: [","]).map { $0.filter { $0 != "[" && $0 != "]" } })
    }

    /// Trimmed, non-empty pieces of `text` between separators outside string literals.
    private static func split(_ text: String, at separators: Set<Character>) -> [String] {
        var pieces: [String] = [], current = "", inString = false
        for ch in text {
            if ch == "\"" { inString.toggle() }
            if !inString, separators.contains(ch) {
                pieces.append(current)
                current = ""
            } else {
                current.append(ch)
            }
        }
        pieces.append(current)
        return pieces.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    // Expression grammar: sum := product (("+"|"-") product)*; product := unary (("*"|"/") unary)*;
    // unary := "-" unary | atom; atom := number | name | "(" sum ")".
    private func evaluate(_ text: String) throws -> Double {
        var tokens = Self.tokens(text)[...]
        let value = try sum(&tokens)
        guard tokens.isEmpty else { throw syntax("unexpected '\(tokens.first ?? "")'") }
        return value
    }

    private func syntax(_ message: String) -> SessionError {
        SessionError(name: "syntax", value: message, traceback: [message])
    }

    private func sum(_ t: inout ArraySlice<String>) throws -> Double {
        var value = try product(&t)
        while let op = t.first, op == "+" || op == "-" {
            t.removeFirst()
            let rhs = try product(&t)
            value = op == "+" ? value + rhs : value - rhs
        }
        return value
    }

    private func product(_ t: inout ArraySlice<String>) throws -> Double {
        var value = try unary(&t)
        while let op = t.first, op == "*" || op == "/" {
            t.removeFirst()
            let rhs = try unary(&t)
            value = op == "*" ? value * rhs : value / rhs
        }
        return value
    }

    private func unary(_ t: inout ArraySlice<String>) throws -> Double {
        if t.first == "-" {
            t.removeFirst()
            return -(try unary(&t))
        }
        guard let token = t.popFirst() else { throw syntax("expression ends too early") }
        if token == "(" {
            let value = try sum(&t)
            guard t.popFirst() == ")" else { throw syntax("missing ')'") }
            return value
        }
        if let number = Double(token) { return number }
        guard Self.isName(token) else { throw syntax("unexpected '\(token)'") }
        guard let value = variables[token] else {
            throw SessionError(name: "name", value: "'\(token)' is not defined", traceback: ["'\(token)' is not defined"])
        }
        return value
    }

    private static func tokens(_ text: String) -> [String] {
        var out: [String] = []
        var word = ""
        for ch in text {
            if ch.isLetter || ch.isNumber || ch == "_" || ch == "." {
                word.append(ch)
                continue
            }
            if !word.isEmpty { out.append(word); word = "" }
            if !ch.isWhitespace { out.append(String(ch)) }
        }
        if !word.isEmpty { out.append(word) }
        return out
    }

    func complete(_ code: String, cursor: Int) -> CompletionResult {
        let before = code.prefix(cursor)
        let word = String(before.reversed().prefix(while: { $0.isLetter || $0.isNumber || $0 == "_" }).reversed())
        let names = (Array(Self.builtins.keys) + Array(variables.keys)).filter { $0.hasPrefix(word) && !word.isEmpty }.sorted()
        return CompletionResult(matches: names, cursorStart: cursor - word.count, cursorEnd: cursor)
    }

    func inspect(_ code: String, cursor: Int, detailLevel: Int) -> MimeBundle? {
        let chars = Array(code)
        var start = min(cursor, chars.count), end = start
        while start > 0, chars[start - 1].isLetter || chars[start - 1] == "_" { start -= 1 }
        while end < chars.count, chars[end].isLetter || chars[end] == "_" { end += 1 }
        let name = String(chars[start..<end])
        if let doc = Self.builtins[name] { return MimeBundle(plain: doc) }
        return variables[name].map { MimeBundle(plain: "\(name) = \(Tensor($0).description)") }
    }

    func isComplete(_ code: String) -> CompletenessStatus {
        var depth = 0
        var inString = false
        for ch in code {
            if ch == "\"" { inString.toggle() }
            if inString { continue }
            if ch == "(" || ch == "[" { depth += 1 }
            if ch == ")" || ch == "]" { depth -= 1 }
            if depth < 0 { return .invalid }
        }
        let trimmed = code.trimmingCharacters(in: .whitespacesAndNewlines)
        if inString || depth > 0 || ["+", "-", "*", "/", "=", ","].contains(where: { trimmed.hasSuffix($0) }) {
            return .incomplete(indent: "")
        }
        return .complete
    }

    func history() -> [HistoryEntry] { entries }
}
