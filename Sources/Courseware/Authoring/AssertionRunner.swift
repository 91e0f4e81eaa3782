import TensorLang

/// Runs an `unroll assert` block: its statements one at a time, in a copy of
/// the lesson's session so that nothing it defines reaches later cells. Each
/// top-level expression is a claim and must be true.
struct AssertionRunner {
    var secondsPerStatement: Double

    /// What is wrong, one entry per failing line (lines of the lesson file), and how many claims ran.
    func failures(of assertion: Assertion, after session: Interpreter) -> (failures: [(line: Int, message: String)], claims: Int) {
        let statements: [Stmt]
        do {
            statements = try Parser.parse(assertion.code)
        } catch {
            let position = error.span.lineAndColumn(in: assertion.code)
            return ([(assertion.line + position.line - 1, "this assertion does not parse: \(error.message)")], 0)
        }
        let copy = session.fork()
        defer { copy.globals.removeAll() }
        let bytes = Array(assertion.code.utf8)
        var failures: [(line: Int, message: String)] = []
        var claims = 0
        for (index, statement) in statements.enumerated() {
            // A statement's text runs up to the next statement: a span may stop short of a closing parenthesis.
            let end = index + 1 < statements.count ? statements[index + 1].span.start : bytes.count
            let text = String(decoding: bytes[min(statement.span.start, bytes.count)..<min(end, bytes.count)], as: UTF8.self)
                .trimmingCharacters(in: .whitespacesAndNewlines)
            let line = assertion.line + statement.span.lineAndColumn(in: assertion.code).line - 1
            guard case .expression = statement.kind else {
                if let failure = run(text, in: copy) {
                    failures.append((line, "this assertion's code fails: \(failure)"))
                    break
                }
                continue
            }
            claims += 1
            switch evaluate(text, in: copy) {
            case .failed(let why):
                failures.append((line, "cannot evaluate the claim '\(text)': \(why.detail)"))
            case .value(let value):
                switch Claims.truth(of: value) {
                case nil:
                    failures.append((line, "the claim '\(text)' is \(value.typeName), not true or false"))
                case false?:
                    let why = Claims.explanation(of: text) { piece in
                        if case .value(let v) = evaluate(piece, in: copy) { return v }
                        return nil
                    }
                    failures.append((line, "the claim '\(text)' is false" + (why.map { ": " + $0 } ?? "")))
                case true?:
                    break
                }
            }
        }
        return (failures, claims)
    }

    private func evaluate(_ code: String, in session: Interpreter) -> Evaluation {
        for output in executeWithDeadline(code, in: session, seconds: secondsPerStatement) {
            switch output {
            case .value(let value): return .value(value)
            case .error(let diagnostic, _): return .failed(CheckFailure(.error, diagnostic.message))
            case .stdout, .stderr, .display: continue
            }
        }
        return .failed(CheckFailure(.error, "it has no value"))
    }

    private func run(_ code: String, in session: Interpreter) -> String? {
        for case .error(let diagnostic, _) in executeWithDeadline(code, in: session, seconds: secondsPerStatement) {
            return diagnostic.message
        }
        return nil
    }
}
