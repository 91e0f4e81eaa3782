import TensorCore

/// Printing, help and text.
enum IOLibrary {
    static var builtins: [Builtin] {
        [
            Builtin("print", "*values, sep=\" \"", "writes the values to the output, separated by sep, then a line break", example: "print(\"loss\", 0.5)") { a in
                let text = a.rest.map { $0.printed }.joined(separator: try a.string(0))
                a.interpreter.write(text + "\n")
                return .none
            },
            Builtin("str", "x", "the text that print would show for x", example: "str(1.5) + \"!\"") { a in
                .string(try StringValue.make(try a.value(0).printed, operation: "str"))
            },
            Builtin("help", "name=none", "describes a builtin (help(tanh) or help(\"tanh\")), or lists them all", example: "help(softmax)") { a in
                let registry = a.interpreter.registry
                switch try a.value(0) {
                case .none:
                    return .string(registry.libraries.map { library in
                        "\(library.title): " + library.builtins.map(\.name).joined(separator: ", ")
                    }.joined(separator: "\n"))
                case .function(.builtin(let b)):
                    return .string(b.helpText)
                case .function(.user(let decl, _)):
                    return .string("\(decl.name)(\(decl.parameters.joined(separator: ", "))): a function defined in this session")
                case .string(let string):
                    let name = string.text
                    if let b = registry[name] { return .string(b.helpText) }
                    let suggestion = didYouMean(name, among: registry.orderedNames).map { "; did you mean '\($0)'?" } ?? ""
                    throw a.bad(0, "the name of a builtin", got: "'\(name)'\(suggestion)")
                case let other:
                    throw a.bad(0, "a function or its name", got: other.typeName)
                }
            },
        ]
    }
}

extension Builtin {
    /// `randn(*shape, seed=none)` / summary / example — what `help` shows.
    public var helpText: String {
        "\(signature)\n  \(summary)\n  example: \(example)"
    }
}
