import Foundation

/// The directory Unroll keeps its own files in (REPL history, lesson progress),
/// by the XDG base-directory rules: `$XDG_DATA_HOME/unroll`, else `~/.local/share/unroll`.
public enum DataDirectory {
    public static func url(environment: [String: String]) -> URL {
        if let xdg = environment["XDG_DATA_HOME"], xdg.hasPrefix("/") {
            return URL(fileURLWithPath: xdg).appendingPathComponent("unroll")
        }
        let home = environment["HOME"] ?? NSHomeDirectory()
        return URL(fileURLWithPath: home).appendingPathComponent(".local/share/unroll")
    }

    /// Where lesson progress is saved.
    public static func progressFile(environment: [String: String]) -> URL {
        url(environment: environment).appendingPathComponent("progress.json")
    }
}
