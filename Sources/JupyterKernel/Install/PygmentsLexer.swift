import Formats
import Crypto
import Foundation

/// The Pygments lexer for the language (`python/pygments-unroll`), compiled into
/// the program so `unroll kernel install` can put it in place without the
/// source tree: its module and the distribution metadata whose `pygments.lexers`
/// entry point lets Pygments (and so nbconvert) find it by the name `unroll`.
///
/// The files are what `pip install python/pygments-unroll` would write, plus
/// `_names.py`, the builtin names of the program that installs it.
public struct PygmentsLexer: Sendable {
    /// As in `python/pygments-unroll/pyproject.toml`.
    public static let distribution = "pygments-unroll"
    public static let version = "0.1.0"
    public static let module = "pygments_unroll"
    /// The entry point group and line Pygments looks up.
    public static let entryPoints = "[pygments.lexers]\nunroll = pygments_unroll:UnrollLexer\n"

    /// The builtin names highlighted as `Name.Builtin`.
    public var builtins: [String]

    public init(builtins: [String]) { self.builtins = builtins }

    /// `_names.py`: the builtin names as a Python frozenset.
    var namesModule: String {
        let names = builtins.sorted().map { "    \"\($0)\",\n" }.joined()
        return "# Written by `unroll kernel install` from the program's builtin registry.\nBUILTINS = frozenset({\n\(names)})\n"
    }

    /// Every file to write, by path relative to site-packages.
    var files: [(path: String, text: String)] {
        let info = "\(Self.module)-\(Self.version).dist-info"
        var files = embeddedPygmentsFiles.map { ("\(Self.module)/\($0.name)", $0.text) }
        files.append(("\(Self.module)/_names.py", namesModule))
        files.append(("\(info)/METADATA", """
            Metadata-Version: 2.1
            Name: \(Self.distribution)
            Version: \(Self.version)
            Summary: Pygments lexer for Unroll, the tensor language of the Unroll RNN lessons
            Requires-Dist: pygments>=2.10

            """))
        files.append(("\(info)/entry_points.txt", Self.entryPoints))
        files.append(("\(info)/top_level.txt", Self.module + "\n"))
        files.append(("\(info)/INSTALLER", "unroll\n"))
        let record = files.map { path, text in "\(path),sha256=\(Self.digest(text)),\(text.utf8.count)\n" }.joined()
        files.append(("\(info)/RECORD", record + "\(info)/RECORD,,\n"))
        return files
    }

    /// Writes the package into `sitePackages` (each file atomically), replacing an
    /// earlier copy. Returns the module's directory.
    @discardableResult
    public func install(into sitePackages: String) throws -> String {
        let root = URL(fileURLWithPath: sitePackages)
        for (path, text) in files {
            let url = root.appendingPathComponent(path)
            try AtomicFile.write(text, to: url, createDirectory: true)
        }
        return root.appendingPathComponent(Self.module).path
    }

    /// RECORD's hash: SHA-256 in URL-safe base64 without padding (PEP 376 / 627).
    static func digest(_ text: String) -> String {
        Data(SHA256.hash(data: Data(text.utf8))).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
