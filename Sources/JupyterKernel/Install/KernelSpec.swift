import Formats
import Foundation

/// The kernelspec Jupyter reads to start this kernel: `kernels/unroll/` with
/// `kernel.json` and two logos.
public struct KernelSpec: Sendable, Equatable {
    /// The directory name under `kernels/`, which is the kernel's name in Jupyter.
    public static let name = "unroll"

    /// The command Jupyter runs; `{connection_file}` is replaced by the file's path.
    public var argv: [String]
    public var displayName = "Unroll"
    public var language = "unroll"
    /// Interrupts arrive as `interrupt_request` messages on the control channel.
    public var interruptMode = "message"

    /// The spec for the `unroll` executable at `executable`; `arguments` are added
    /// to its `unroll kernel` command line (e.g. `--lessons DIR`).
    public init(executable: String, arguments: [String] = []) {
        argv = [executable, "kernel"] + arguments + ["--connection-file", "{connection_file}"]
    }

    /// `kernel.json`.
    public var json: JSONValue {
        [
            "argv": .array(argv.map { .string($0) }),
            "display_name": .string(displayName),
            "language": .string(language),
            "interrupt_mode": .string(interruptMode),
            "metadata": .emptyObject,
        ]
    }

    /// Where Jupyter looks for kernels, given how to install.
    public enum Location: Equatable, Sendable {
        /// The user's data directory: `$JUPYTER_DATA_DIR`, else `$XDG_DATA_HOME/jupyter`, else `~/.local/share/jupyter`.
        case user
        /// `DIR/share/jupyter` (like `jupyter kernelspec install --prefix DIR`).
        case prefix(String)

        /// The `jupyter` data directory this location stands for.
        public func dataDirectory(environment: [String: String], home: String) -> String {
            switch self {
            case .prefix(let dir):
                return (dir as NSString).appendingPathComponent("share/jupyter")
            case .user:
                if let dir = environment["JUPYTER_DATA_DIR"], !dir.isEmpty { return dir }
                let xdg = environment["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? (home as NSString).appendingPathComponent(".local/share")
                return (xdg as NSString).appendingPathComponent("jupyter")
            }
        }
    }

    /// Writes `kernels/unroll/{kernel.json, logo-32x32.png, logo-64x64.png}` under
    /// `dataDirectory`, replacing an older install. Returns the kernel directory.
    @discardableResult
    public func install(into dataDirectory: String) throws -> String {
        let directory = ((dataDirectory as NSString).appendingPathComponent("kernels") as NSString).appendingPathComponent(Self.name)
        let files = FileManager.default
        try files.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try write(Data((json.encoded(.pretty) + "\n").utf8), to: directory, name: "kernel.json")
        for size in [32, 64] {
            guard let png = Logo.png(size: size) else { continue }
            try write(png, to: directory, name: "logo-\(size)x\(size).png")
        }
        return directory
    }

    private func write(_ data: Data, to directory: String, name: String) throws {
        let url = URL(fileURLWithPath: directory).appendingPathComponent(name)
        try AtomicFile.write(data, to: url)
    }
}
