/// A recursive-descent parser; each method is named after the grammar rule it reads.
///
/// ```
/// program    → statement* EOF
/// statement  → def | if | for | while | return | break | continue | assignment | expression
/// expression → or ; or → and ("or" and)* ; and → not ("and" not)* ; not → "not" not | comparison
/// comparison → range (("==" | "!=" | "<" | "<=" | ">" | ">=") range)?
/// range      → additive (".." additive)?
/// additive   → term (("+" | "-") term)* ; term → unary (("*" | "/" | "@") unary)*
/// unary      → ("-" | "+") unary | power ; power → postfix ("**" unary)?
/// postfix    → primary ("(" arguments ")" | "[" subscripts "]" | "." NAME)*
/// ```
/// Nesting is limited (`maxNesting`) so that 20,000 open brackets give an error, not a crash.
public struct Parser {
    /// The deepest nesting of brackets, blocks and operators the parser accepts.
    public static let maxNesting = 200

    var tokens: [Token]
    var current = 0
    var nesting = 0
    /// Open brackets and braces: an error at the end of input while any is open means "incomplete".
    var openers: [Token] = []
    var openGroups: Int { openers.count }
    /// The text being parsed, for notes that name a line ("the '(' on line 3 is still open").
    let source: String

    init(tokens: [Token], source: String = "") {
        self.tokens = tokens
        self.source = source
    }

    /// Parses a whole program.
    public static func parse(_ source: String) throws(Diagnostic) -> [Stmt] {
        var parser = Parser(tokens: try Lexer.tokenize(source), source: source)
        return try parser.program()
    }

    // MARK: Statements

    mutating func program() throws(Diagnostic) -> [Stmt] {
        var statements: [Stmt] = []
        skipSeparators()
        while !check(.endOfInput) {
            statements.append(try statement())
            try endOfStatement()
        }
        return statements
    }

    private mutating func statement() throws(Diagnostic) -> Stmt {
        if case .keyword(let keyword) = peek.kind {
            switch keyword {
            case .def: return try functionDeclaration()
            case .if: return try ifStatement()
            case .for: return try forStatement()
            case .while: return try whileStatement()
            case .return:
                let start = advance().span
                if isAtStatementEnd { return Stmt(.returnValue(nil), start) }
                let value = try expression()
                return Stmt(.returnValue(value), start.to(value.span))
            case .break: return Stmt(.breakLoop, advance().span)
            case .continue: return Stmt(.continueLoop, advance().span)
            default: break
            }
        }
        return try assignmentOrExpression()
    }

    private mutating func assignmentOrExpression() throws(Diagnostic) -> Stmt {
        let first = try expression()
        if match(.symbol(.comma)) {
            var names = [try assignableName(first)]
            repeat {
                names.append(try assignableName(try expression()))
            } while match(.symbol(.comma))
            try expect(.symbol(.assign), "'=' after the names to destructure")
            let value = try expression()
            return Stmt(.assign(.destructure(names), value), first.span.to(value.span))
        }
        if check(.symbol(.assign)) {
            let (name, span) = try assignableName(first)
            advance()
            let value = try expression()
            return Stmt(.assign(.name(name, span), value), first.span.to(value.span))
        }
        let display = !check(.symbol(.semicolon))
        return Stmt(.expression(first, display: display), first.span)
    }

    private func assignableName(_ expr: Expr) throws(Diagnostic) -> (String, SourceSpan) {
        if case .variable(let name) = expr.kind { return (name, expr.span) }
        let note: [String]
        if case .subscripted = expr.kind {
            note = ["values are immutable; build a new one, e.g. hs = push(hs, h) or x = concat(x, y)"]
        } else {
            note = ["only names (or 'a, b = ...') can be assigned to"]
        }
        throw Diagnostic(.syntax, "cannot assign to this expression", at: expr.span, notes: note)
    }

    private mutating func functionDeclaration() throws(Diagnostic) -> Stmt {
        let start = advance().span
        let (name, _) = try identifierToken("a function name after 'def'")
        try expect(.symbol(.leftParen), "'(' after the function name")
        openGroup()
        var parameters: [String] = []
        if !check(.symbol(.rightParen)) {
            repeat {
                let (parameter, span) = try identifierToken("a parameter name")
                if parameters.contains(parameter) {
                    throw Diagnostic(.syntax, "duplicate parameter '\(parameter)'", at: span)
                }
                parameters.append(parameter)
            } while match(.symbol(.comma))
        }
        try expect(.symbol(.rightParen), "')' to close the parameter list")
        closeGroup()
        if match(.symbol(.assign)) {
            let body = try expression()
            let span = start.to(body.span)
            let decl = FunctionDecl(name: name, parameters: parameters, body: [Stmt(.returnValue(body), body.span)], span: span)
            return Stmt(.function(decl), span)
        }
        guard check(.symbol(.leftBrace)) else {
            throw error("expected '=' or '{' after the parameters of '\(name)'")
        }
        let (body, end) = try block()
        let span = start.to(end)
        return Stmt(.function(FunctionDecl(name: name, parameters: parameters, body: body, span: span)), span)
    }

    private mutating func ifStatement() throws(Diagnostic) -> Stmt {
        let start = advance().span
        let condition = try expression()
        let (then, thenEnd) = try block()
        var end = thenEnd
        var otherwise: [Stmt]?
        if match(.keyword(.else)) {
            if check(.keyword(.if)) {
                let nested = try ifStatement()
                otherwise = [nested]
                end = nested.span
            } else {
                let (elseBody, elseEnd) = try block()
                otherwise = elseBody
                end = elseEnd
            }
        }
        return Stmt(.ifElse(condition: condition, then: then, otherwise: otherwise), start.to(end))
    }

    private mutating func forStatement() throws(Diagnostic) -> Stmt {
        let start = advance().span
        let (name, nameSpan) = try identifierToken("a loop variable after 'for'")
        try expect(.keyword(.in), "'in' after the loop variable")
        let sequence = try expression()
        let (body, end) = try block()
        return Stmt(.forIn(variable: name, variableSpan: nameSpan, sequence: sequence, body: body), start.to(end))
    }

    private mutating func whileStatement() throws(Diagnostic) -> Stmt {
        let start = advance().span
        let condition = try expression()
        let (body, end) = try block()
        return Stmt(.whileLoop(condition: condition, body: body), start.to(end))
    }

    /// `{ statement* }` — returns the statements and the span of the closing brace.
    private mutating func block() throws(Diagnostic) -> ([Stmt], SourceSpan) {
        try expect(.symbol(.leftBrace), "'{' to start a block")
        try enterNesting()
        openGroup()
        var statements: [Stmt] = []
        skipSeparators()
        while !check(.symbol(.rightBrace)) {
            if check(.endOfInput) { throw error("expected '}' to close the block") }
            statements.append(try statement())
            if check(.symbol(.rightBrace)) { break }
            try endOfStatement()
        }
        let close = advance().span
        closeGroup()
        nesting -= 1
        return (statements, close)
    }

    private mutating func endOfStatement() throws(Diagnostic) {
        guard isAtStatementEnd else {
            throw error("expected a line break or ';' after the statement, found \(peek.display)")
        }
        skipSeparators()
    }

    private var isAtStatementEnd: Bool {
        switch peek.kind {
        case .newline, .endOfInput, .symbol(.semicolon), .symbol(.rightBrace): return true
        default: return false
        }
    }

    private mutating func skipSeparators() {
        while check(.newline) || check(.symbol(.semicolon)) { advance() }
    }
}

// MARK: Token helpers

extension Parser {
    var peek: Token { tokens[min(current, tokens.count - 1)] }

    func check(_ kind: TokenKind) -> Bool { peek.kind == kind }

    @discardableResult
    mutating func advance() -> Token {
        let token = peek
        if current < tokens.count - 1 { current += 1 }
        return token
    }

    mutating func match(_ kind: TokenKind) -> Bool {
        guard check(kind) else { return false }
        advance()
        return true
    }

    @discardableResult
    mutating func expect(_ kind: TokenKind, _ what: String) throws(Diagnostic) -> Token {
        guard check(kind) else { throw error("expected \(what), found \(peek.display)") }
        return advance()
    }

    mutating func identifierToken(_ what: String) throws(Diagnostic) -> (String, SourceSpan) {
        guard case .identifier(let name) = peek.kind else { throw error("expected \(what), found \(peek.display)") }
        return (name, advance().span)
    }

    /// A syntax error at the current token; at the end of input inside an open group it is *incomplete*.
    func error(_ message: String) -> Diagnostic {
        let atEnd = peek.kind == .endOfInput
        var notes: [String] = []
        if let opener = openers.last {
            let (line, column) = opener.span.lineAndColumn(in: source)
            if line != peek.span.lineAndColumn(in: source).line || atEnd {
                notes.append("the \(opener.display) on line \(line), column \(column) is still open")
            }
        }
        return Diagnostic(.syntax, message, at: peek.span, notes: notes, incomplete: atEnd && openGroups > 0)
    }

    /// Records the bracket or brace just consumed as open.
    mutating func openGroup() {
        openers.append(tokens[max(0, current - 1)])
    }

    mutating func closeGroup() {
        _ = openers.popLast()
    }

    mutating func enterNesting() throws(Diagnostic) {
        nesting += 1
        guard nesting <= Parser.maxNesting else {
            throw Diagnostic(.limit, "the program is nested too deeply (more than \(Parser.maxNesting) levels)", at: peek.span,
                             notes: ["split the expression into smaller ones with intermediate variables"])
        }
    }

    /// Rejects an expression tree taller than the evaluator may recurse.
    func checkDepth(_ expr: Expr) throws(Diagnostic) -> Expr {
        guard expr.depth <= Parser.maxNesting * 2 else {
            throw Diagnostic(.limit, "the expression is too long or nested too deeply (more than \(Parser.maxNesting * 2) levels)",
                             at: expr.span, notes: ["split it into smaller expressions with intermediate variables"])
        }
        return expr
    }
}
