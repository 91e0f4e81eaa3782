import CReadline
import Foundation
import Synchronization

/// Line editing, history and tab completion through GNU readline.
///
/// Readline runs in its callback mode inside a `poll` loop, so that Ctrl-C at
/// the prompt (delivered by the REPL's signal source as ``interruptPrompt()``)
/// clears the line cleanly instead of killing the process. Readline's own
/// signal handlers are turned off; the REPL owns SIGINT.
///
/// The terminal stays in readline's mode from the first prompt until ``close()``
/// (or the end of the process), also while cells run, so keys typed ahead —
/// a Ctrl-D above all — reach the next prompt as typed. Ctrl-C still raises
/// SIGINT in that mode.
public final class ReadlineReader: LineReader {
    private let interruptRequested = Atomic<Bool>(false)
    private var lastEntry: String?

    /// How many earlier entries the up-arrow reaches.
    public static let historyLength = 1000

    /// Creates the reader with `history` (earlier entries, oldest first) behind the
    /// up-arrow. `completer` receives the whole line and the cursor (in characters)
    /// and returns whole-word candidates. Keeping entries beyond the process is
    /// the session's history store's business, not the reader's.
    public init(history: [String], completer: @escaping (String, Int) -> [String]) {
        ReadlineState.completer = completer
        unroll_rl_configure(ReadlineState.programName, ReadlineState.attemptCompletion, ReadlineState.wordBreaks)
        unroll_rl_hold_terminal()
        atexit { unroll_rl_release_terminal() }
        for entry in history where entry != lastEntry && !entry.allSatisfy(\.isWhitespace) {
            add_history(entry)
            lastEntry = entry
        }
    }

    deinit { close() }

    /// Gives the terminal back its own settings; call when the REPL ends (the
    /// process's exit does it too). Harmless to call twice.
    public func close() { unroll_rl_release_terminal() }

    /// Asks a pending ``readLine(prompt:)`` to abandon its line (async-signal safe: it only sets a flag).
    public func interruptPrompt() { interruptRequested.store(true, ordering: .sequentiallyConsistent) }

    public func readLine(prompt: String) -> LineInput {
        interruptRequested.store(false, ordering: .sequentiallyConsistent)
        ReadlineState.finished = false
        ReadlineState.line = nil
        rl_callback_handler_install(prompt, ReadlineState.lineHandler)
        while !ReadlineState.finished {
            if interruptRequested.exchange(false, ordering: .sequentiallyConsistent) {
                rl_free_line_state()
                rl_callback_sigcleanup()
                rl_replace_line("", 0)
                rl_crlf()
                rl_callback_handler_remove()
                return .interrupted
            }
            var descriptor = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, 50)
            if ready > 0 {
                if descriptor.revents & Int16(POLLIN | POLLHUP) != 0 { rl_callback_read_char() }
                if descriptor.revents & Int16(POLLNVAL | POLLERR) != 0 {
                    rl_callback_handler_remove()
                    return .endOfInput
                }
            } else if ready < 0 && errno != EINTR {
                rl_callback_handler_remove()
                return .endOfInput
            }
        }
        guard let raw = ReadlineState.line else { return .endOfInput }
        defer { free(raw) }
        return .line(String(cString: raw))
    }

    public func addHistory(_ entry: String) {
        guard !entry.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, entry != lastEntry else { return }
        lastEntry = entry
        add_history(entry)
    }
}

/// Readline calls back through C function pointers, which cannot capture
/// context; the state they need lives here. Only the REPL's thread touches it.
enum ReadlineState {
    nonisolated(unsafe) static var finished = false
    nonisolated(unsafe) static var line: UnsafeMutablePointer<CChar>?
    nonisolated(unsafe) static var completer: ((String, Int) -> [String])?
    nonisolated(unsafe) static var matches: [String] = []
    nonisolated(unsafe) static var nextMatch = 0

    nonisolated(unsafe) static let programName: UnsafeMutablePointer<CChar> = strdup("unroll")
    /// Everything except identifier characters and `:` (meta-commands) separates words.
    nonisolated(unsafe) static let wordBreaks: UnsafeMutablePointer<CChar> = strdup(" \t\n\"'`()[]{},;=+-*/@<>!.%&|^~#")

    /// Receives the finished line. Removing the handler here, inside the
    /// callback, stops readline from drawing the prompt again.
    static let lineHandler: @convention(c) (UnsafeMutablePointer<CChar>?) -> Void = { raw in
        line = raw
        finished = true
        rl_callback_handler_remove()
    }

    static let attemptCompletion: @convention(c) (UnsafePointer<CChar>?, Int32, Int32) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = { text, _, _ in
        unroll_rl_no_default_completion()
        let buffer = String(cString: unroll_rl_line_buffer())
        let cursorBytes = max(0, min(Int(unroll_rl_point()), buffer.utf8.count))
        let prefix = String(decoding: buffer.utf8.prefix(cursorBytes), as: UTF8.self)
        matches = completer?(buffer, prefix.count) ?? []
        return rl_completion_matches(text, generateMatch)
    }

    static let generateMatch: @convention(c) (UnsafePointer<CChar>?, Int32) -> UnsafeMutablePointer<CChar>? = { _, state in
        if state == 0 { nextMatch = 0 }
        guard nextMatch < matches.count else { return nil }
        defer { nextMatch += 1 }
        return strdup(matches[nextMatch])
    }
}
