import Formats
import Foundation
import Kernel

/// `history_request` → past inputs of this kernel and of earlier sessions (the
/// session's history store keeps them across restarts), as
/// `[session, line, input]` triples (or `[session, line, [input, output]]` with
/// `output: true`, the output being the result's plain text or null).
///
/// - `tail`: the last `n` entries over every session.
/// - `range`: entries of `session` (0 = this kernel's, negative = that many
///   sessions back) with `start ≤ line < stop` (`stop` missing = to the end).
/// - `search`: entries whose whole input matches the glob `pattern`
///   (`*`, `?`, `[…]`), the last `n` of them; `unique` keeps only the latest
///   entry of each distinct input.
enum HistoryHandler: RequestHandler {
    static let requestType = "history_request"

    static func handle(_ content: JSONValue, kernel: KernelState, publish: @escaping Publish) throws -> (reply: JSONValue?, outcome: HandlerOutcome) {
        let fields = try RequestContent(content)
        let access = try fields.string("hist_access_type", default: "tail")
        let withOutput = try fields.bool("output", default: false)
        let entries = kernel.session.history()
        let selected: [HistoryEntry]
        switch access {
        case "tail":
            selected = last(try fields.int("n") ?? 10, of: entries)
        case "range":
            selected = try range(entries, current: kernel.session.historySession, fields: fields)
        case "search":
            selected = try search(entries, fields: fields)
        default:
            throw BadRequest("'hist_access_type' should be tail, range or search, not '\(access)'")
        }
        let history = selected.map { entry -> JSONValue in
            guard withOutput else { return [.int(entry.session), .int(entry.line), .string(entry.input)] }
            return [.int(entry.session), .int(entry.line), [.string(entry.input), entry.output.map(JSONValue.string) ?? .null]]
        }
        return (["status": "ok", "history": .array(history)], .proceed)
    }

    private static func last(_ n: Int, of entries: [HistoryEntry]) -> [HistoryEntry] {
        Array(entries.suffix(max(0, n)))
    }

    private static func range(_ entries: [HistoryEntry], current: Int, fields: RequestContent) throws -> [HistoryEntry] {
        var session = try fields.int("session") ?? 0
        if session <= 0 {
            // 0 is this kernel's session, -1 the one before it that has entries, …
            let earlier = Set(entries.map(\.session).filter { $0 < current }).sorted(by: >)
            let back = -session
            guard back == 0 || back <= earlier.count else { return [] }
            session = back == 0 ? current : earlier[back - 1]
        }
        let start = try fields.int("start") ?? 0
        let stop = try fields.int("stop") ?? Int.max
        return entries.filter { $0.session == session && $0.line >= start && $0.line < stop }
    }

    private static func search(_ entries: [HistoryEntry], fields: RequestContent) throws -> [HistoryEntry] {
        let pattern = try fields.string("pattern", default: "*")
        var matches = entries.filter { Glob.matches(pattern, $0.input) }
        if try fields.bool("unique", default: false) {
            var seen = Set<String>()
            matches = matches.reversed().filter { seen.insert($0.input).inserted }.reversed()
        }
        if let n = try fields.int("n") { matches = last(n, of: matches) }
        return matches
    }
}

/// Shell-style glob matching of a whole string: `*` any run, `?` one
/// character, `[abc]`/`[a-z]`/`[!a]` a class (as SQLite's GLOB, which
/// IPython's history search uses). Case-sensitive; `*` also crosses newlines.
enum Glob {
    static func matches(_ pattern: String, _ text: String) -> Bool {
        fnmatch(pattern, text, 0) == 0
    }
}
