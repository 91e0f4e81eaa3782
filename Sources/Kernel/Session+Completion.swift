import TensorLang

/// Completion and inspection: what a name could be, and what a name is.
extension Session {
    /// The language's keywords, offered by completion.
    static let keywords = Keyword.allCases.map(\.rawValue)

    public func complete(_ code: String, cursor: Int) -> CompletionResult {
        let characters = Array(code)
        let end = max(0, min(cursor, characters.count))
        var start = end
        while start > 0, isIdentifierCharacter(characters[start - 1]) { start -= 1 }
        let prefix = String(characters[start..<end])

        // `:he` at the start of the input completes meta-commands.
        if start > 0, characters[start - 1] == ":",
           characters[..<(start - 1)].allSatisfy(\.isWhitespace) {
            let names = metaCommands.map { ":" + $0.name }.filter { $0.hasPrefix(":" + prefix) }
            return CompletionResult(matches: names.sorted(), cursorStart: start - 1, cursorEnd: end)
        }
        // `r.lo` completes the fields of the record (or tensor) named before the dot.
        if start > 0, characters[start - 1] == "." {
            var nameStart = start - 1
            while nameStart > 0, isIdentifierCharacter(characters[nameStart - 1]) { nameStart -= 1 }
            let receiver = String(characters[nameStart..<(start - 1)])
            let fields: [String]
            switch interpreter.value(of: receiver) {
            case .record(let record)?: fields = record.fields.map(\.name)
            case .tensor?: fields = ["T"]
            default: fields = []
            }
            return CompletionResult(matches: fields.filter { $0.hasPrefix(prefix) }, cursorStart: start, cursorEnd: end)
        }
        guard !prefix.isEmpty, !(prefix.first?.isNumber ?? false) else {
            return CompletionResult(matches: [], cursorStart: start, cursorEnd: end)
        }
        let names = Set(interpreter.variables.map(\.name).filter { !$0.hasPrefix("_") || prefix.hasPrefix("_") })
            .union(interpreter.registry.orderedNames).union(Session.keywords)
        return CompletionResult(matches: names.filter { $0.hasPrefix(prefix) }.sorted(), cursorStart: start, cursorEnd: end)
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
