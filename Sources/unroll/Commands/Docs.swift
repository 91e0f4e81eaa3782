import ArgumentParser
import TensorLang

/// `unroll docs` (hidden): prints the builtin reference generated from the registry,
/// the part of docs/language.md after its marker line.
struct Docs: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print the builtin reference in Markdown.", shouldDisplay: false)

    func run() throws {
        print(ReferenceDocs.marker)
        print("")
        // Every builtin of the language, the pictures included.
        print(ReferenceDocs.markdown(BuiltinRegistry.standard), terminator: "")
    }
}
