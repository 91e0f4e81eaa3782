import ArgumentParser

/// `unroll` with no subcommand: for now, the version and a short usage.
struct Repl: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "repl", abstract: "Start the interactive session (the default).")

    func run() throws {
        print("Unroll \(Unroll.version) — learn RNNs by unrolling them.")
        print("Try: unroll eval '[1, 2] @ [3, 4]'   or   unroll run FILE   (unroll --help for all commands)")
    }
}
