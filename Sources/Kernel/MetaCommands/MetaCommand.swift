import Foundation
import TensorLang

/// A REPL command that starts with `:` (`:help`, `:vars`, `:lesson 7`…).
public struct MetaCommand {
    public let name: String
    /// How to call it, e.g. `:time CODE`.
    public let usage: String
    public let summary: String
    /// Runs the command with the text after its name; returns true to end the session.
    let run: (Session, String) throws -> Bool

    public init(_ name: String, usage: String, _ summary: String, run: @escaping (Session, String) throws -> Bool) {
        self.name = name
        self.usage = usage
        self.summary = summary
        self.run = run
    }
}

/// A line of input that is a meta-command: `:name` and the rest of the text.
struct MetaCommandLine: Equatable {
    var name: String
    var argument: String

    /// Recognises `:name …` at the start of the (trimmed) input.
    init?(_ code: String) {
        let trimmed = code.trimmedOfWhitespace
        guard trimmed.hasPrefix(":"), let first = trimmed.dropFirst().first, first.isLetter else { return nil }
        let body = trimmed.dropFirst()
        let nameEnd = body.firstIndex { !($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") } ?? body.endIndex
        name = String(body[..<nameEnd])
        argument = String(body[nameEnd...].trimmedOfWhitespace)
    }
}

extension Session {
    /// Every meta-command this session answers: the built-in ones and its extensions'.
    public var metaCommands: [MetaCommand] {
        BuiltinMetaCommands.all + extensions.flatMap(\.metaCommands)
    }

    func runMeta(_ line: MetaCommandLine) throws(SessionError) -> Bool {
        guard let command = metaCommands.first(where: { $0.name == line.name }) else {
            var message = "unknown command ':\(line.name)'"
            if let near = didYouMean(line.name, among: metaCommands.map(\.name), maxDistance: 2) { message += "; did you mean ':\(near)'?" }
            throw SessionError.usage(message + " (:help lists the commands)")
        }
        do {
            return try command.run(self, line.argument)
        } catch let error as SessionError {
            throw error
        } catch {
            throw SessionError.usage(":\(line.name) failed: \(error)")
        }
    }
}
