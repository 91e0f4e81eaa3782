/// A child program that exited with a non-zero status.
public struct ChildProcessError: Error, CustomStringConvertible {
    public var command: String
    public var status: Int32
    public var standardError: String

    public var description: String { "`\(command)` exited with status \(status): \(standardError)" }
}
