import TensorLang

/// Completion and inspection: what a name could be, and what a name is.
extension Session {
    /// The language's keywords, offered by completion.
    static let keywords = Keyword.allCases.map(\.rawValue)

    /// Candidates for the word before `cursor`, each with its kind (`function`,
    /// `keyword`, `tensor`, `record`…): names and keywords; after `name.` the
    /// fields of a record or a tensor's `T` and `shape`; after a leading `:` the
    /// meta-commands. Nothing inside a string or a comment.
    public func complete(_ code: String, cursor: Int) -> CompletionResult {
        let characters = Array(code)
        let end = max(0, min(cursor, characters.count))
        var start = end
        while start > 0, isIdentifierCharacter(characters[start - 1]) { start -= 1 }
        let prefix = String(characters[start..<end])
        let nothing = CompletionResult(matches: [], cursorStart: start, cursorEnd: end)
        let context = CodeContext(characters, upTo: end)
        guard !context.inString, !context.inComment else { return nothing }

        // `:he` at the start of the input completes meta-commands.
        if start > 0, characters[start - 1] == ":",
           characters[..<(start - 1)].allSatisfy(\.isWhitespace) {
            let names = metaCommands.map { ":" + $0.name }.filter { $0.hasPrefix(":" + prefix) }.sorted()
            return CompletionResult(matches: names, cursorStart: start - 1, cursorEnd: end,
                                    kinds: Dictionary(uniqueKeysWithValues: names.map { ($0, "command") }))
        }
        // `r.lo` completes the fields of the record (or tensor) before the dot.
        if start > 0, characters[start - 1] == "." {
            guard let receiver = receiverValue(characters, dot: start - 1) else { return nothing }
            let members = Self.members(of: receiver).filter { $0.name.hasPrefix(prefix) }
            return CompletionResult(matches: members.map(\.name), cursorStart: start, cursorEnd: end,
                                    kinds: Dictionary(members.map { ($0.name, $0.kind) }, uniquingKeysWith: { a, _ in a }))
        }
        guard !prefix.isEmpty, !(prefix.first?.isNumber ?? false) else { return nothing }
        var kinds: [String: String] = [:]
        for name in Session.keywords where name.hasPrefix(prefix) { kinds[name] = "keyword" }
        for name in interpreter.registry.orderedNames where name.hasPrefix(prefix) { kinds[name] = "function" }
        for (name, value) in interpreter.variables where name.hasPrefix(prefix) && (!name.hasPrefix("_") || prefix.hasPrefix("_")) {
            kinds[name] = ValueRenderer.kind(of: value)
        }
        return CompletionResult(matches: kinds.keys.sorted(), cursorStart: start, cursorEnd: end, kinds: kinds)
    }

    /// The value of `a.b.c` ending just before the dot at `dot`: a variable and
    /// the fields after it. Calls and indexing are never evaluated.
    private func receiverValue(_ characters: [Character], dot: Int) -> Value? {
        var path: [String] = []
        var end = dot
        while true {
            var start = end
            while start > 0, isIdentifierCharacter(characters[start - 1]) { start -= 1 }
            guard start < end else { return nil }
            path.insert(String(characters[start..<end]), at: 0)
            guard start > 0, characters[start - 1] == "." else { break }
            end = start - 1
        }
        guard var value = interpreter.value(of: path[0]) else { return nil }
        for field in path.dropFirst() {
            guard let next = Self.members(of: value).first(where: { $0.name == field })?.value else { return nil }
            value = next
        }
        return value
    }

    /// What follows a dot: a record's fields, a tensor's transpose and shape.
    static func members(of value: Value) -> [(name: String, kind: String, value: Value)] {
        switch value {
        case .record(let record):
            return record.fields.map { ($0.name, ValueRenderer.kind(of: $0.value), $0.value) }
        case .tensor(let tensor):
            // `.T` stands for the tensor itself: a transpose has the same members,
            // and completion never computes one.
            return [("T", ValueRenderer.kind(of: value), value), ("shape", "tuple", .tuple(tensor.shape.map { .scalar(Double($0)) }))]
        default:
            return []
        }
    }

    public func inspect(_ code: String, cursor: Int, detailLevel: Int) -> MimeBundle? {
        let characters = Array(code)
        let position = max(0, min(cursor, characters.count))
        var start = position, end = position
        while start > 0, isIdentifierCharacter(characters[start - 1]) { start -= 1 }
        while end < characters.count, isIdentifierCharacter(characters[end]) { end += 1 }
        // A cursor just after `name(` inspects `name`.
        if start == end, position > 0, characters[position - 1] == "(" {
            end = position - 1
            start = end
            while start > 0, isIdentifierCharacter(characters[start - 1]) { start -= 1 }
        }
        let name = String(characters[start..<end])
        guard !name.isEmpty else { return nil }
        if let value = interpreter.value(of: name) {
            if case .function(.builtin) = value {} else {
                var text = "\(name): \(ValueRenderer.kind(of: value))"
                let shape = ValueRenderer.shapeText(of: value)
                if !shape.isEmpty { text += " \(shape)" }
                text += "\n" + (detailLevel > 0 ? value.description : ValueRenderer.preview(of: value, width: 200))
                return MimeBundle(plain: text)
            }
        }
        return helpText(for: name).map { MimeBundle(plain: $0) }
    }

    private func isIdentifierCharacter(_ c: Character) -> Bool { c.isLetter || c.isNumber || c == "_" }
}
