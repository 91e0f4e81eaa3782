/// A component that adds meta-commands or builtins to a session (lessons, grading).
public protocol SessionExtension: AnyObject {
    /// Called when added and after every `:reset`, with a fresh interpreter.
    func install(in session: Session)
    /// The meta-commands it answers, with one-line summaries.
    var metaCommands: [MetaCommand] { get }
}
