import TensorLang

/// Running a whole program (`unroll run`, `unroll eval`) through the session, so a
/// script may use meta-commands (`:vars`, `:lesson 7`, `:check`) between its code.
extension Session {
    /// Runs `source` in order — its code as cells, each line that is a meta-command
    /// as that command — and stops at the first error. Errors count lines from the
    /// first line of `source`.
    ///
    /// - Returns: the error that stopped the program, if any.
    public func runScript(_ source: String, onOutput: @escaping (SessionOutput) -> Void) -> SessionError? {
        for cell in Self.scriptCells(source) {
            let result = execute(cell.code, storeHistory: true, firstLine: cell.line, onOutput: onOutput)
            if let error = result.error { return error }
            if result.quitRequested { break }
        }
        return nil
    }

    /// The cells of a program: runs of code, and single meta-command lines. A line
    /// starting with `:` is a meta-command only where the code before it is complete
    /// (not inside an open bracket, block or string).
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
            if MetaCommandLine(String(line)) != nil,
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
