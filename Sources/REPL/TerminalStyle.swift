import Foundation

/// Prompts and colours for the terminal. Colour is used only on a terminal
/// and never when `NO_COLOR` is set (https://no-color.org) or `TERM=dumb`.
public struct TerminalStyle: Sendable {
    /// Whether escape codes may be written.
    public var colour: Bool
    /// Whether prompts and `Out[n]:` labels are shown (false when reading a pipe).
    public var interactive: Bool
    /// The terminal's width: `COLUMNS`, else the terminal's own size; nil for a pipe.
    public var columns: Int?
    /// The terminal's height: `LINES`, else the terminal's own size; nil for a pipe.
    public var rows: Int?

    public init(colour: Bool, interactive: Bool) {
        self.colour = colour
        self.interactive = interactive
    }

    /// The style for this process: interactive when standard input is a
    /// terminal, coloured when standard output is one too and nothing forbids it.
    public static func detect(environment: [String: String] = ProcessInfo.processInfo.environment) -> TerminalStyle {
        let interactive = isatty(STDIN_FILENO) == 1
        let colour = isatty(STDOUT_FILENO) == 1 && environment["NO_COLOR"] == nil && environment["TERM"] != "dumb"
        var style = TerminalStyle(colour: colour, interactive: interactive)
        var size = winsize()
        let measured = ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0
        if let text = environment["COLUMNS"], let columns = Int(text), columns > 0 {
            style.columns = columns
        } else if measured, size.ws_col > 0 {
            style.columns = Int(size.ws_col)
        }
        if let text = environment["LINES"], let rows = Int(text), rows > 0 {
            style.rows = rows
        } else if measured, size.ws_row > 0 {
            style.rows = Int(size.ws_row)
        }
        return style
    }

    private func paint(_ text: String, _ code: String) -> String {
        colour ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }

    /// `In [n]: `
    public func inPrompt(_ n: Int) -> String {
        // Readline needs invisible characters bracketed by \001 … \002 to measure the prompt.
        colour ? "\u{01}\u{1B}[32m\u{02}In [\u{01}\u{1B}[1m\u{02}\(n)\u{01}\u{1B}[0;32m\u{02}]:\u{01}\u{1B}[0m\u{02} " : "In [\(n)]: "
    }

    /// The continuation prompt, `...:` right-aligned under `In [n]:`.
    public func continuationPrompt(_ n: Int) -> String {
        let width = "In [\(n)]:".count
        let dots = String(repeating: " ", count: max(0, width - 4)) + "...:"
        return colour ? "\u{01}\u{1B}[32m\u{02}\(dots)\u{01}\u{1B}[0m\u{02} " : dots + " "
    }

    /// `Out[n]: `
    public func outLabel(_ n: Int) -> String { paint("Out[\(n)]:", "31") + " " }

    /// Error text (red).
    public func error(_ text: String) -> String { paint(text, "31") }

    /// De-emphasised text such as a tensor's shape footer (dim).
    public func dim(_ text: String) -> String { paint(text, "2") }

    /// A heading (bold).
    public func bold(_ text: String) -> String { paint(text, "1") }
}
