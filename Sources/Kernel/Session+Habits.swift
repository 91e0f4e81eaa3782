import TensorLang

/// IPython's habits, which notebook users bring along: `name?` and `?name` show
/// help (`??` shows more), as `:help name` does, and a bare `exit` or `quit`
/// ends the session. Also `evaluate`, for Jupyter's `user_expressions`.
extension Session {
    /// Whether `code` is a bare `exit`/`quit` (with or without `()`), which ends
    /// the session unless the student named something so.
    func isExitRequest(_ code: String) -> Bool {
        let word = code.trimmedOfWhitespace
        guard word.utf8.count <= 6 else { return false }
        let name = String(word.hasSuffix("()") ? word.dropLast(2) : word)
        return (name == "exit" || name == "quit") && interpreter.value(of: name) == nil
    }

    /// Shows help for `query` in the pager: a builtin's signature and example, a
    /// command's usage, or a variable's kind, shape and value.
    func showHelp(_ query: HelpQuery) -> SessionError? {
        if let bundle = inspect(query.name, cursor: query.name.count, detailLevel: query.detailed ? 1 : 0) {
            emit(.page(bundle))
            return nil
        }
        var message = "no builtin, command or variable named '\(query.name)'"
        let names = interpreter.registry.orderedNames + metaCommands.map(\.name) + interpreter.variables.map(\.name)
        if let near = didYouMean(query.name, among: names) { message += "; did you mean '\(near)'?" }
        return .usage(message + " (:help lists the builtins)")
    }

    /// The value of one expression, rendered as a cell's result would be, with
    /// no side effect on the session: no execution count, no history, no `_`,
    /// nothing shown. What Jupyter's `user_expressions` ask for.
    public func evaluate(_ expression: String) -> Result<MimeBundle, SessionError> {
        let statements: [Stmt]
        do {
            statements = try Parser.parse(expression)
        } catch {
            return .failure(SessionError(error, source: expression))
        }
        guard statements.count == 1, case .expression = statements[0].kind else {
            return .failure(.usage("a user expression is one expression, e.g. norm(W); '\(expression)' is not"))
        }
        let saved = (live, gathered, pendingValue)
        (live, gathered, pendingValue) = (nil, [], nil)
        defer { (live, gathered, pendingValue) = saved }
        if let failure = run(expression) { return .failure(failure) }
        return .success(pendingValue.map { renderer.bundle(for: $0) } ?? MimeBundle(plain: "none"))
    }
}

/// IPython's help syntax: `name?`, `?name`, and `name??` / `??name` for more detail.
struct HelpQuery: Equatable {
    var name: String
    var detailed: Bool

    init?(_ code: String) {
        var body = code.trimmedOfWhitespace
        var marks = 0
        while body.hasPrefix("?") { body = body.dropFirst(); marks += 1 }
        if marks == 0 { while body.hasSuffix("?") { body = body.dropLast(); marks += 1 } }
        // Looked at only once the marks are there: most lines have none, and some are long.
        guard (1...2).contains(marks), !body.contains("\n") else { return nil }
        let name = body.trimmingCharacters(in: .whitespaces)
        let bare = name.hasPrefix(":") ? name.dropFirst() : Substring(name)
        guard (1...2).contains(marks), let first = bare.first, first.isLetter || first == "_",
              bare.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }) else { return nil }
        self.name = name
        detailed = marks == 2
    }
}
