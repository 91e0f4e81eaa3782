/// Expression rules, lowest precedence first.
extension Parser {
    mutating func expression() throws(Diagnostic) -> Expr {
        try enterNesting()
        defer { nesting -= 1 }
        return try or()
    }

    private mutating func or() throws(Diagnostic) -> Expr {
        var left = try and()
        while match(.keyword(.or)) {
            let right = try and()
            left = try checkDepth(Expr(.binary(.or, left, right), left.span.to(right.span)))
        }
        return left
    }

    private mutating func and() throws(Diagnostic) -> Expr {
        var left = try not()
        while match(.keyword(.and)) {
            let right = try not()
            left = try checkDepth(Expr(.binary(.and, left, right), left.span.to(right.span)))
        }
        return left
    }

    private mutating func not() throws(Diagnostic) -> Expr {
        if check(.keyword(.not)) {
            let start = advance().span
            try enterNesting()
            defer { nesting -= 1 }
            let operand = try not()
            return Expr(.unary(.not, operand), start.to(operand.span))
        }
        return try comparison()
    }

    private static let comparisons: [Symbol: BinaryOperator] = [
        .equal: .equal, .notEqual: .notEqual, .less: .less, .lessEqual: .lessEqual,
        .greater: .greater, .greaterEqual: .greaterEqual,
    ]

    private mutating func comparison() throws(Diagnostic) -> Expr {
        let left = try range()
        if case .symbol(let s) = peek.kind, let op = Parser.comparisons[s] {
            advance()
            let right = try range()
            return try checkDepth(Expr(.binary(op, left, right), left.span.to(right.span)))
        }
        return left
    }

    private mutating func range() throws(Diagnostic) -> Expr {
        let left = try additive()
        if match(.symbol(.range)) {
            let right = try additive()
            return try checkDepth(Expr(.binary(.range, left, right), left.span.to(right.span)))
        }
        return left
    }

    private mutating func additive() throws(Diagnostic) -> Expr {
        var left = try term()
        while case .symbol(let s) = peek.kind, s == .plus || s == .minus {
            advance()
            let right = try term()
            left = try checkDepth(Expr(.binary(s == .plus ? .add : .subtract, left, right), left.span.to(right.span)))
        }
        return left
    }

    private static let multiplicative: [Symbol: BinaryOperator] = [
        .star: .multiply, .slash: .divide, .floorSlash: .floorDivide, .percent: .modulo, .at: .matmul,
    ]

    private mutating func term() throws(Diagnostic) -> Expr {
        var left = try unary()
        while case .symbol(let s) = peek.kind, let op = Parser.multiplicative[s] {
            advance()
            let right = try unary()
            left = try checkDepth(Expr(.binary(op, left, right), left.span.to(right.span)))
        }
        return left
    }

    private mutating func unary() throws(Diagnostic) -> Expr {
        if case .symbol(let s) = peek.kind, s == .minus || s == .plus {
            let start = advance().span
            try enterNesting()
            defer { nesting -= 1 }
            let operand = try unary()
            // Fold a signed number literal so `[-0.2, 1]` is a constant, not an operation.
            if case .number(let v) = operand.kind { return Expr(.number(s == .minus ? -v : v), start.to(operand.span)) }
            return Expr(.unary(s == .minus ? .negate : .plus, operand), start.to(operand.span))
        }
        return try power()
    }

    /// `a ** b` binds tighter than unary minus on its left (`-x ** 2` is `-(x ** 2)`) and is right-associative.
    private mutating func power() throws(Diagnostic) -> Expr {
        let base = try postfix()
        if match(.symbol(.power)) {
            try enterNesting()
            defer { nesting -= 1 }
            let exponent = try unary()
            return try checkDepth(Expr(.binary(.power, base, exponent), base.span.to(exponent.span)))
        }
        return base
    }

    private mutating func postfix() throws(Diagnostic) -> Expr {
        var expr = try primary()
        while true {
            if check(.symbol(.leftParen)) {
                advance()
                openGroup()
                let arguments = try argumentList()
                let close = try expect(.symbol(.rightParen), "')' to close the call")
                closeGroup()
                expr = try checkDepth(Expr(.call(expr, arguments), expr.span.to(close.span)))
            } else if check(.symbol(.leftBracket)) {
                advance()
                openGroup()
                var subscripts: [Subscript] = []
                repeat {
                    subscripts.append(try subscriptItem())
                } while match(.symbol(.comma))
                let close = try expect(.symbol(.rightBracket), "']' to close the index")
                closeGroup()
                expr = try checkDepth(Expr(.subscripted(expr, subscripts), expr.span.to(close.span)))
            } else if check(.symbol(.dot)) {
                advance()
                let (name, span) = try identifierToken("a field name after '.'")
                expr = try checkDepth(Expr(.field(expr, name), expr.span.to(span)))
            } else {
                return expr
            }
        }
    }

    private mutating func argumentList() throws(Diagnostic) -> [Argument] {
        var arguments: [Argument] = []
        if check(.symbol(.rightParen)) { return arguments }
        repeat {
            if check(.symbol(.rightParen)) { break }
            if case .identifier(let label) = peek.kind, tokens[min(current + 1, tokens.count - 1)].kind == .symbol(.assign) {
                let labelSpan = advance().span
                advance()
                arguments.append(Argument(label: label, labelSpan: labelSpan, value: try expression()))
            } else {
                if arguments.contains(where: { $0.label != nil }) {
                    throw error("positional arguments must come before keyword arguments")
                }
                arguments.append(Argument(label: nil, labelSpan: nil, value: try expression()))
            }
        } while match(.symbol(.comma))
        return arguments
    }

    /// `i`, `a:b`, `:`, `a:`, `:b`, `a:b:c`.
    private mutating func subscriptItem() throws(Diagnostic) -> Subscript {
        var start: Expr?
        if !check(.symbol(.colon)) {
            start = try expression()
            if !check(.symbol(.colon)) { return .index(start ?? Expr(.none, peek.span)) }
        }
        advance()
        var end: Expr?
        var step: Expr?
        if !check(.symbol(.colon)) && !check(.symbol(.rightBracket)) && !check(.symbol(.comma)) {
            end = try expression()
        }
        if match(.symbol(.colon)), !check(.symbol(.rightBracket)) && !check(.symbol(.comma)) {
            step = try expression()
        }
        return .slice(start: start, end: end, step: step)
    }

    private mutating func primary() throws(Diagnostic) -> Expr {
        let token = peek
        switch token.kind {
        case .number(let v): advance(); return Expr(.number(v), token.span)
        case .string(let s): advance(); return Expr(.string(s), token.span)
        case .identifier(let name): advance(); return Expr(.variable(name), token.span)
        case .keyword(.true): advance(); return Expr(.bool(true), token.span)
        case .keyword(.false): advance(); return Expr(.bool(false), token.span)
        case .keyword(.none): advance(); return Expr(.none, token.span)
        case .symbol(.leftParen):
            advance()
            openGroup()
            if check(.symbol(.rightParen)) {
                let close = advance().span
                closeGroup()
                return Expr(.tuple([]), token.span.to(close))
            }
            let first = try expression()
            var items = [first]
            var isTuple = false
            while match(.symbol(.comma)) {
                isTuple = true
                if check(.symbol(.rightParen)) { break }
                items.append(try expression())
            }
            let close = try expect(.symbol(.rightParen), "')' to close the parenthesis")
            closeGroup()
            return isTuple ? try checkDepth(Expr(.tuple(items), token.span.to(close.span))) : first
        case .symbol(.leftBracket):
            advance()
            openGroup()
            var items: [Expr] = []
            while !check(.symbol(.rightBracket)) {
                items.append(try expression())
                if !match(.symbol(.comma)) { break }
            }
            let close = try expect(.symbol(.rightBracket), "']' or ',' in the list")
            closeGroup()
            return try checkDepth(Expr(.list(items), token.span.to(close.span)))
        default:
            throw error("expected an expression, found \(token.display)")
        }
    }
}
