/// Reads a `mutant=ID` block: a header of comment lines naming the mistake and
/// its hint, then the wrong code.
///
/// ```
/// # mistake: transposed W_hh
/// # hint: the slopes scale the rows of W_hh, the outputs of the step;
/// #   put the diagonal on the left.
/// def factor(h, x) = Whh @ diag(1 - h * h)
/// ```
/// A header line that names no field continues the one before it.
enum MutantParser {
    struct Failure: Error {
        var line: Int
        var text: String
    }

    /// - Parameter line: the line of the block's first code line in the lesson file.
    static func mutant(_ block: String, line: Int) throws -> Mutant {
        var fields: [String: String] = [:]
        var last: String?
        var codeLines: [String] = []
        for (offset, text) in block.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            guard codeLines.isEmpty, trimmed.hasPrefix("#") else {
                codeLines.append(String(text))
                continue
            }
            let comment = trimmed.dropFirst().trimmingCharacters(in: .whitespaces)
            if let field = ["mistake", "hint"].first(where: { comment.hasPrefix($0 + ":") }) {
                guard fields[field] == nil else { throw Failure(line: line + offset, text: "this mutant has two '# \(field):' lines") }
                fields[field] = comment.dropFirst(field.count + 1).trimmingCharacters(in: .whitespaces)
                last = field
            } else if let field = last {
                fields[field, default: ""] += " " + comment
            } else {
                throw Failure(line: line + offset, text: "a mutant starts with '# mistake: WHAT IS WRONG' and '# hint: WHAT TO LOOK AT'")
            }
        }
        let fenceLine = line - 1
        guard let mistake = fields["mistake"], !mistake.isEmpty else {
            throw Failure(line: fenceLine, text: "this mutant has no '# mistake: …' line saying what is wrong")
        }
        guard let hint = fields["hint"], !hint.isEmpty else {
            throw Failure(line: fenceLine, text: "this mutant has no '# hint: …' line for a student who makes the mistake")
        }
        let code = codeLines.joined(separator: "\n").trimmingCharacters(in: .newlines)
        guard !code.isEmpty else { throw Failure(line: fenceLine, text: "this mutant has no code after its header") }
        return Mutant(mistake: mistake, hint: hint, code: code, line: fenceLine)
    }
}
