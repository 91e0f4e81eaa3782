/// What one attempt to read a line of input produced.
public enum LineInput: Equatable, Sendable {
    /// A line the user entered (without its newline).
    case line(String)
    /// Ctrl-C at the prompt: the line was abandoned.
    case interrupted
    /// Ctrl-D on an empty line, or the end of piped input.
    case endOfInput
}

/// A source of input lines for the REPL loop: GNU readline on a terminal,
/// plain standard input otherwise, or a script in tests.
public protocol LineReader: AnyObject {
    /// Shows `prompt` (where the reader has a screen) and reads one line.
    func readLine(prompt: String) -> LineInput
    /// Records a complete entry (possibly several lines) in the history.
    func addHistory(_ entry: String)
}

/// Reads standard input with no editing and no escape codes, for pipes and files.
public final class PlainLineReader: LineReader {
    public init() {}

    public func readLine(prompt: String) -> LineInput {
        guard let line = Swift.readLine(strippingNewline: true) else { return .endOfInput }
        return .line(line)
    }

    public func addHistory(_ entry: String) {}
}

/// Replays fixed lines, for tests.
public final class ScriptedLineReader: LineReader {
    private var remaining: [LineInput]
    /// Every prompt shown, in order.
    public private(set) var prompts: [String] = []
    /// Every entry added to the history.
    public private(set) var history: [String] = []

    public init(_ inputs: [LineInput]) { remaining = inputs }

    public func readLine(prompt: String) -> LineInput {
        prompts.append(prompt)
        return remaining.isEmpty ? .endOfInput : remaining.removeFirst()
    }

    public func addHistory(_ entry: String) { history.append(entry) }
}
