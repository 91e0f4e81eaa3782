/// The syntax tree. Expressions and statements are classes carrying their span.

/// Binary operators, in the language's spelling.
public enum BinaryOperator: String, Sendable {
    case add = "+", subtract = "-", multiply = "*", divide = "/", power = "**", matmul = "@"
    /// Floored division and its remainder, as in Python: `-7 // 2 == -4`, `-7 % 2 == 1`.
    case floorDivide = "//", modulo = "%"
    case equal = "==", notEqual = "!=", less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
    case and, or, range = ".."
}

public enum UnaryOperator: String, Sendable {
    case negate = "-", plus = "+", not
}

/// One subscript inside `[...]`: a single index or a `start:end:step` slice.
public enum Subscript {
    case index(Expr)
    case slice(start: Expr?, end: Expr?, step: Expr?)
}

/// A call argument, positional or `name=value`.
public struct Argument {
    public var label: String?
    public var labelSpan: SourceSpan?
    public var value: Expr
}

public indirect enum ExprKind {
    case number(Double)
    case string(String)
    case bool(Bool)
    case none
    case variable(String)
    /// `[a, b, c]`: a tensor when every element is a number, otherwise a sequence.
    case list([Expr])
    /// `(a, b)`: a tuple.
    case tuple([Expr])
    case unary(UnaryOperator, Expr)
    case binary(BinaryOperator, Expr, Expr)
    case call(Expr, [Argument])
    case subscripted(Expr, [Subscript])
    /// `a.name` — a record field, or `.T` for the transpose.
    case field(Expr, String)
}

/// An expression node.
public final class Expr {
    public let kind: ExprKind
    public let span: SourceSpan
    /// Height of the tree below this node; the parser refuses trees taller than its limit
    /// so that evaluating them cannot exhaust the stack.
    public let depth: Int
    /// For a name, its ``NameHash`` (0 otherwise): worked out once here, not at every lookup.
    let nameHash: Int

    public init(_ kind: ExprKind, _ span: SourceSpan) {
        self.kind = kind
        self.span = span
        self.depth = 1 + Expr.childDepth(kind)
        if case .variable(let name) = kind { nameHash = NameHash.of(name) } else { nameHash = 0 }
    }

    private static func childDepth(_ kind: ExprKind) -> Int {
        switch kind {
        case .number, .string, .bool, .none, .variable: return 0
        case .list(let items), .tuple(let items): return items.map(\.depth).max() ?? 0
        case .unary(_, let e), .field(let e, _): return e.depth
        case .binary(_, let a, let b): return max(a.depth, b.depth)
        case .call(let f, let args): return max(f.depth, args.map(\.value.depth).max() ?? 0)
        case .subscripted(let base, let subs):
            var d = base.depth
            for s in subs {
                switch s {
                case .index(let e): d = max(d, e.depth)
                case .slice(let a, let b, let c): d = max(d, a?.depth ?? 0, b?.depth ?? 0, c?.depth ?? 0)
                }
            }
            return d
        }
    }
}

/// Where an assignment stores its value.
public enum AssignmentTarget {
    case name(String, SourceSpan)
    /// `a, b, c = value`: destructures a tuple or sequence.
    case destructure([(String, SourceSpan)])
}

public indirect enum StmtKind {
    /// An expression statement; `display` is false when it ends with `;`.
    case expression(Expr, display: Bool)
    case assign(AssignmentTarget, Expr)
    case function(FunctionDecl)
    case ifElse(condition: Expr, then: [Stmt], otherwise: [Stmt]?)
    case forIn(variable: String, variableSpan: SourceSpan, sequence: Expr, body: [Stmt])
    case whileLoop(condition: Expr, body: [Stmt])
    case returnValue(Expr?)
    case breakLoop
    case continueLoop
}

public final class Stmt {
    public let kind: StmtKind
    public let span: SourceSpan
    /// The ``NameHash`` of each name the statement binds, in order: the assigned names, the
    /// loop variable, or the function's name (empty for other statements).
    let boundNameHashes: [Int]

    public init(_ kind: StmtKind, _ span: SourceSpan) {
        self.kind = kind
        self.span = span
        switch kind {
        case .assign(.name(let name, _), _): boundNameHashes = [NameHash.of(name)]
        case .assign(.destructure(let names), _): boundNameHashes = names.map { NameHash.of($0.0) }
        case .forIn(let name, _, _, _): boundNameHashes = [NameHash.of(name)]
        case .function(let decl): boundNameHashes = [NameHash.of(decl.name)]
        default: boundNameHashes = []
        }
    }
}

/// `def name(a, b) = expr` or `def name(a, b) { ... }`.
public final class FunctionDecl {
    public let name: String
    public let parameters: [String]
    public let body: [Stmt]
    public let span: SourceSpan
    /// The ``NameHash`` of each parameter.
    let parameterHashes: [Int]

    public init(name: String, parameters: [String], body: [Stmt], span: SourceSpan) {
        self.name = name
        self.parameters = parameters
        parameterHashes = parameters.map(NameHash.of)
        self.body = body
        self.span = span
    }
}
