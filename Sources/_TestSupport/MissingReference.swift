/// A reference a test needs is missing where references are required.
public struct MissingReference: Error, CustomStringConvertible {
    public var description: String
}
