/// The builtin reference in Markdown, generated from the registry so it never drifts.
///
/// `docs/language.md` holds a hand-written guide followed by this text after
/// ``ReferenceDocs/marker``; a test checks that the file matches the registry.
public enum ReferenceDocs {
    public static let marker = "<!-- The builtin reference below is generated from the registry by `unroll docs`; do not edit it by hand. -->"

    public static func markdown(_ registry: BuiltinRegistry = .standard) -> String {
        var out = "## Builtin reference\n"
        for library in registry.libraries {
            out += "\n### \(library.title)\n\n"
            out += "| builtin | what it does | example |\n|---|---|---|\n"
            for builtin in library.builtins {
                out += "| `\(escape(builtin.signature))` | \(escape(builtin.summary)) | `\(escape(builtin.example))` |\n"
            }
        }
        return out
    }

    private static func escape(_ text: String) -> String {
        text.replacingPipes
    }
}

extension String {
    fileprivate var replacingPipes: String {
        var out = ""
        for c in self { out += c == "|" ? "\\|" : String(c) }
        return out
    }
}
