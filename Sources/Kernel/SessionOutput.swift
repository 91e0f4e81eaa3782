/// Something an execution produced, in the order it was produced.
public enum SessionOutput: Sendable, Equatable {
    /// Text written by `print` (`stdout`) or warnings (`stderr`).
    case stream(name: String, text: String)
    /// A picture or table shown during execution (a plot, a graph).
    case display(MimeBundle)
    /// The value of the cell's last bare expression (`Out[n]`).
    case result(MimeBundle)
    /// Help asked for with `name?`: a notebook shows it in its pager, a terminal prints it.
    case page(MimeBundle)
}
