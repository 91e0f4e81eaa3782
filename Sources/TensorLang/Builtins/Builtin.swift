/// One builtin function: its name, parameters, documentation and a thin body.
///
/// Entries live in one table per library (`CreationLibrary.builtins`, `MathLibrary.builtins`, …);
/// `Prelude.libraries` lists the tables. The same entries feed `help(name)`, completion and
/// `docs/language.md`.
///
/// A class (every field is constant), so that looking a builtin up and calling it — the
/// interpreter does both for every call — passes one reference rather than copying its fields.
public final class Builtin {
    public let name: String
    public let parameters: [Parameter]
    /// One line saying what it does.
    public let summary: String
    /// A short program using it; the test suite runs every example.
    public let example: String
    /// When true, a bracket literal written as an argument is always a sequence of its
    /// elements, never stacked into one tensor: `grad(L, [w, b])` with numbers `w` and `b`
    /// asks for two gradients, not for the gradient of a new vector `[w, b]`.
    public let listsAsSequences: Bool
    /// The parameters (by position, none after a `*name` one) that are only read as whole
    /// numbers, such as a class index: a positional argument written there as an index
    /// expression (`data[t + 1]`) is worked out on plain numbers and records nothing, as an
    /// index in brackets is.
    let wholeNumberParameters: [Int]
    let body: (Arguments) throws -> Value
    /// The parameters other than a `*name` one, in order, and where the `*name` one stands
    /// (read at every call, so worked out once here).
    let fixedParameters: [Parameter]
    let variadicIndex: Int?

    /// - Parameter parameters: a signature such as `"*shape, seed=none"`: `*name` collects the
    ///   remaining positional arguments, `name=literal` gives a keyword default.
    public init(_ name: String, _ parameters: String, _ summary: String, example: String,
                listsAsSequences: Bool = false, wholeNumberParameters: [Int] = [],
                _ body: @escaping (Arguments) throws -> Value) {
        self.name = name
        self.parameters = Parameter.parseList(parameters)
        fixedParameters = self.parameters.filter { !$0.isVariadic }
        variadicIndex = self.parameters.firstIndex { $0.isVariadic }
        self.summary = summary
        self.example = example
        self.listsAsSequences = listsAsSequences
        self.wholeNumberParameters = wholeNumberParameters
        self.body = body
    }

    /// `randn(*shape, seed=none)`.
    public var signature: String {
        "\(name)(\(parameters.map(\.description).joined(separator: ", ")))"
    }
}

/// A builtin's parameter: required, with a default, or variadic.
public struct Parameter: CustomStringConvertible {
    public let name: String
    public let defaultText: String?
    public let isVariadic: Bool
    /// The default, read once from its text: a number, `true`, `false`, `none` or a quoted string.
    private let defaultLiteral: DefaultLiteral?

    private enum DefaultLiteral {
        case number(Double), bool(Bool), none, string(String)
    }

    init(name: String, defaultText: String?, isVariadic: Bool) {
        self.name = name
        self.defaultText = defaultText
        self.isVariadic = isVariadic
        defaultLiteral = defaultText.map { text in
            switch text {
            case "true": return .bool(true)
            case "false": return .bool(false)
            case "none": return DefaultLiteral.none
            default: return Double(text).map { .number($0) } ?? .string(text.trimmingQuotes)
            }
        }
    }

    public var description: String {
        isVariadic ? "*\(name)" : (defaultText.map { "\(name)=\($0)" } ?? name)
    }

    /// The default as a value (a fresh one per call: values are never shared between calls).
    var defaultValue: Value? {
        switch defaultLiteral {
        case nil: return nil
        case .number(let x)?: return .scalar(x)
        case .bool(let b)?: return .bool(b)
        case .none?: return Value.none
        case .string(let text)?: return .string(text)
        }
    }

    static func parseList(_ text: String) -> [Parameter] {
        text.split(separator: ",").map { raw in
            let item = raw.trimmingSpaces
            if item.hasPrefix("*") { return Parameter(name: String(item.dropFirst()), defaultText: nil, isVariadic: true) }
            let parts = item.split(separator: "=", maxSplits: 1).map { $0.trimmingSpaces }
            return Parameter(name: parts[0], defaultText: parts.count > 1 ? parts[1] : nil, isVariadic: false)
        }
    }
}

/// All builtins by name, built from the prelude's tables.
public struct BuiltinRegistry {
    public private(set) var entries: [String: Builtin] = [:]
    /// Names in the order the tables list them (for docs).
    public private(set) var orderedNames: [String] = []
    /// Library title and its entries, in prelude order.
    public private(set) var libraries: [(title: String, builtins: [Builtin])] = []
    /// ``entries`` again, for the interpreter's lookups by a name's ``NameHash``.
    private var table = NameTable<Builtin>()

    public init(libraries: [(title: String, builtins: [Builtin])]) {
        for library in libraries { add(library.title, library.builtins) }
    }

    /// Adds a table (later entries replace earlier ones of the same name).
    public mutating func add(_ title: String, _ builtins: [Builtin]) {
        libraries.append((title, builtins))
        for builtin in builtins {
            if entries[builtin.name] == nil { orderedNames.append(builtin.name) }
            entries[builtin.name] = builtin
            table.set(builtin, named: builtin.name, hash: NameHash.of(builtin.name))
        }
    }

    public subscript(name: String) -> Builtin? { entries[name] }

    /// The builtin called `name`, whose ``NameHash`` is `hash`.
    func builtin(named name: String, hash: Int) -> Builtin? { table.element(named: name, hash: hash) }

    /// The standard set: every table in the prelude.
    public static var standard: BuiltinRegistry { prelude }

    /// Built once: every session, fork and grading interpreter starts from it, and reading
    /// the tables' parameter lists is most of what a new session used to cost.
    /// (Immutable: the tables' closures capture nothing.)
    nonisolated(unsafe) private static let prelude = BuiltinRegistry(libraries: Prelude.libraries)
}

extension StringProtocol {
    var trimmingSpaces: String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
    var trimmingQuotes: String {
        String(self).trimmingCharacters(quotes: "\"'")
    }
}

extension String {
    func trimmingCharacters(quotes: String) -> String {
        String(drop { quotes.contains($0) }.reversed().drop { quotes.contains($0) }.reversed())
    }
}
