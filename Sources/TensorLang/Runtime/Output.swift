/// What running a piece of code produces, in order.
public enum Output {
    /// The value of a bare top-level expression (REPL semantics).
    case value(Value)
    /// Text written by `print`.
    case stdout(String)
    /// A note or warning for the person, apart from the program's output (e.g. the
    /// gradient of a value that does not depend on x is zero): the error stream.
    case stderr(String)
    /// A picture shown by a builtin such as `plot`.
    case display(Picture)
    /// The error that stopped the program, with the source it points into.
    case error(Diagnostic, source: String)
}
