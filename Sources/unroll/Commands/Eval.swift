import ArgumentParser

/// `unroll eval 'CODE'`: runs code given on the command line, e.g. `unroll eval '[1,2] @ [3,4]'`.
struct Eval: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Evaluate code in the tensor language and show the results.")

    @Argument(help: "The code to run.")
    var code: String

    @OptionGroup var options: ScriptOptions

    func run() throws {
        try options.run(code)
    }
}
