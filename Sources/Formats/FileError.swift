/// A file that could not be written, with what to check: `cannot write /x/progress.json: Permission denied`.
public struct FileError: Error, Sendable, Equatable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) { self.description = description }
}
