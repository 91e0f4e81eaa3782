import ArgumentParser
import Foundation
import Processes
import JupyterKernel
import Kernel

extension KernelCommand {
    /// `unroll kernel install [--user | --prefix DIR | --sys-prefix] [--lessons DIR] [--no-lexer]`.
    struct Install: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Install the kernelspec (kernel.json and logos) so Jupyter lists \"Unroll\", and the Pygments lexer that colours Unroll code.")

        @Flag(help: "Install for the current user (the default).")
        var user = false
        @Option(help: "Install under DIR/share/jupyter/kernels (as `jupyter kernelspec install --prefix`).")
        var prefix: String?
        @Flag(help: "Install into the active Python environment (virtualenv, conda, or python3's sys.prefix).")
        var sysPrefix = false
        @Flag(help: "Do not install the Pygments lexer (nbconvert then shows Unroll code uncoloured).")
        var noLexer = false
        @OptionGroup var lessonFolder: LessonFolderOption

        func run() throws {
            let chosen = [user, prefix != nil, sysPrefix].filter { $0 }.count
            guard chosen <= 1 else { throw CLIError.usage("choose one of --user, --prefix DIR and --sys-prefix") }
            let environment = ProcessInfo.processInfo.environment
            let location: KernelSpec.Location
            if let prefix {
                location = .prefix(prefix)
            } else if sysPrefix {
                guard let dir = Self.pythonPrefix(environment: environment) else {
                    throw CLIError.usage("no Python environment found for --sys-prefix; use --user or --prefix DIR")
                }
                location = .prefix(dir)
            } else {
                location = .user
            }
            let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
            let dataDirectory = location.dataDirectory(environment: environment, home: NSHomeDirectory())
            do {
                // A course folder given here is passed to every kernel Jupyter starts.
                let lessons = lessonFolder.folder.map { ["--lessons", URL(fileURLWithPath: $0).standardizedFileURL.path] } ?? []
                let directory = try KernelSpec(executable: executable, arguments: lessons).install(into: dataDirectory)
                print("Installed the Unroll kernel in \(directory)")
                if case .prefix = location {
                    print("Jupyter finds it when \(dataDirectory) is on JUPYTER_PATH or is its environment's prefix.")
                }
            } catch {
                throw CLIError.failed("cannot write the kernelspec under \(dataDirectory): \(error)")
            }
            if !noLexer { installLexer(sitePackages: Self.sitePackages(for: location, sysPrefix: sysPrefix)) }
        }

        /// Writes the Pygments lexer; a missing Python only costs the colours, so it is a note, not an error.
        func installLexer(sitePackages: String?) {
            guard let sitePackages else {
                FileHandle.standardError.write(Data("note: python3 not found, so the Pygments lexer was not installed; notebooks work, nbconvert shows Unroll code uncoloured\n".utf8))
                return
            }
            let builtins = Session.makeGradingInterpreter().registry.orderedNames
            do {
                let directory = try PygmentsLexer(builtins: builtins).install(into: sitePackages)
                print("Installed the Pygments lexer 'unroll' in \(directory)")
                if prefix != nil {
                    print("Python finds it when \(sitePackages) is on PYTHONPATH.")
                }
            } catch {
                FileHandle.standardError.write(Data("warning: could not install the Pygments lexer in \(sitePackages): \(error.localizedDescription) (use --no-lexer to skip it)\n".utf8))
            }
        }

        /// The site-packages folder that matches the kernelspec's location, as `python3` reports it.
        static func sitePackages(for location: KernelSpec.Location, sysPrefix: Bool) -> String? {
            switch location {
            case .user:
                return python("import site; print(site.getusersitepackages())")
            case .prefix where sysPrefix:
                // The environment's own scheme (Debian's python puts it under dist-packages).
                return python("import sysconfig; print(sysconfig.get_paths()['purelib'])")
            case .prefix(let dir):
                let quoted = dir.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'")
                return python("import sysconfig; print(sysconfig.get_path('purelib', 'posix_prefix', {'base': '\(quoted)', 'platbase': '\(quoted)'}))")
            }
        }

        /// `$VIRTUAL_ENV`, `$CONDA_PREFIX`, or what `python3` reports as `sys.prefix`.
        static func pythonPrefix(environment: [String: String]) -> String? {
            for key in ["VIRTUAL_ENV", "CONDA_PREFIX"] {
                if let dir = environment[key], !dir.isEmpty { return dir }
            }
            return python("import sys; print(sys.prefix)")
        }

        /// What `python3 -c code` prints (trimmed), or nil when it cannot run, fails or prints nothing.
        static func python(_ code: String) -> String? {
            let text = ChildProcess.output(["python3", "-c", code])?.trimmingCharacters(in: .whitespacesAndNewlines)
            return text?.isEmpty == false ? text : nil
        }
    }
}
