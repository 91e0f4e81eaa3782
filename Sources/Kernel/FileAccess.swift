/// Whether meta-commands may read and write the user's files (`:save`, `:load`).
public enum FileAccess: Sendable {
    /// No file access at all (graded and sandboxed sessions).
    case none
    /// Files named relative to the current directory.
    case local
}
