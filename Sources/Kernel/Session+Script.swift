import TensorLang

/// Running a whole program (`unroll run`, `unroll eval`) through the session, so a
/// script may use meta-commands (`:vars`, `:lesson 7`, `:check`) between its code.
extension Session {
    /// Runs `source` in order — its code as cells, each line that is a meta-command
    /// as that command — and stops at the first error in the code. Errors count
    /// lines from the first line of `source`.
    ///
    /// A script is often a notebook downloaded as one (`jupyter nbconvert --to
    /// script`): its `:lesson N --attach` and `:check ID` lines run as in the
    /// notebook, and commands that step through a lesson by hand
    /// (``interactiveOnly``) are skipped with a note on stderr, never an error.
    ///
    /// - Returns: the error that stopped the program, if any.
    public func runScript(_ source: String, onOutput: @escaping (SessionOutput) -> Void) -> SessionError? {
        for cell in Self.scriptCells(source) {
            if let command = MetaCommandLine(cell.code), Self.interactiveOnly.contains(command.name) {
                let text = cell.code.trimmingCharacters(in: .whitespacesAndNewlines)
                onOutput(.stream(name: "stderr", text: "note: line \(cell.line): '\(text)' skipped: it steps through a lesson by hand, and a script runs its cells in order\n"))
                continue
            }
            let result = execute(cell.code, storeHistory: true, firstLine: cell.line, onOutput: onOutput)
            if let error = result.error { return error }
            if result.quitRequested { break }
        }
        return nil
    }

    /// Meta-commands that move through a lesson step by step, for a person at a
    /// prompt; a script (a downloaded notebook) already holds the cells they would run.
    static let interactiveOnly: Set<String> = ["next", "back", "run", "skip", "hint", "reset-exercise"]

    /// The cells of a program: runs of code, and single lines that are a meta-command
    /// or a help query (`tanh?`). Such a line counts only where the code before it is
    /// complete (not inside an open bracket, block or string).
    static func scriptCells(_ source: String) -> [(code: String, line: Int)] {
        var cells: [(code: String, line: Int)] = []
        var pending: [Substring] = []
        var pendingStart = 1
        func flush() {
            let code = pending.joined(separator: "\n")
            if !code.allSatisfy(\.isWhitespace) { cells.append((code, pendingStart)) }
            pending = []
        }
        for (index, line) in source.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let number = index + 1
            if pending.isEmpty { pendingStart = number }
            if MetaCommandLine(String(line)) != nil || HelpQuery(String(line)) != nil,
               pending.isEmpty || TensorLang.isComplete(pending.joined(separator: "\n")) != .incomplete {
                flush()
                cells.append((String(line), number))
            } else {
                pending.append(line)
            }
        }
        flush()
        return cells
    }
}
