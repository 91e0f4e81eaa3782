import ArgumentParser
import Dispatch
import Foundation
import JupyterKernel
import Kernel
import REPL

/// `unroll kernel --connection-file F`: serve a notebook as a Jupyter kernel.
/// `unroll kernel install`: register the kernel with Jupyter.
struct KernelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kernel",
        abstract: "Run as a Jupyter kernel (Jupyter starts it), or install its kernelspec.",
        discussion: "Run `unroll kernel install` once; then pick \"Unroll\" as the kernel in Jupyter.",
        subcommands: [Install.self])

    @Option(name: [.customLong("connection-file"), .customShort("f")], help: "The connection file Jupyter wrote ({connection_file} in kernel.json).")
    var connectionFile: String?

    @OptionGroup var lessonFolder: LessonFolderOption

    func run() throws {
        lessonFolder.apply()
        guard let connectionFile else {
            fail("give the connection file Jupyter wrote: unroll kernel --connection-file FILE (or run `unroll kernel install` once and let Jupyter start the kernel)")
        }
        let connection: ConnectionFile
        do {
            connection = try ConnectionFile(contentsOf: connectionFile)
        } catch {
            fail("\(error)")
        }
        let library: ZMQLibrary
        do {
            library = try ZMQLibrary.load()
        } catch {
            fail("\(error)")
        }
        let kernel = KernelState(
            session: makeKernelSession(),
            configuration: KernelConfiguration(
                implementationVersion: Unroll.version,
                banner: """
                    Unroll \(Unroll.version) — learn recurrent networks by unrolling them.
                    Type :help for commands, :lesson to pick a lesson, or any expression, e.g. W = randn(3, 3, seed=1)
                    """))
        let server = KernelServer(connection: connection, kernel: kernel, library: library, log: KernelCommand.log)

        // Ctrl-C in a terminal, or a client in signal mode: stop the cell, keep the kernel.
        signal(SIGINT, SIG_IGN)
        let interrupts = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        interrupts.setEventHandler { [kernel] in kernel.session.interrupt() }
        interrupts.resume()
        defer { interrupts.cancel() }

        do {
            let restart = try server.run()
            KernelCommand.log(restart ? "shut down for a restart" : "shut down")
        } catch {
            fail("\(error)")
        }
    }

    /// Log lines go to stderr, which Jupyter shows in its own log.
    @Sendable static func log(_ line: String) {
        FileHandle.standardError.write(Data("[unroll kernel] \(line)\n".utf8))
    }

    private func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("unroll kernel: error: \(message)\n".utf8))
        Foundation.exit(2)
    }
}

extension KernelCommand {
    /// `unroll kernel install [--user | --prefix DIR | --sys-prefix]`.
    struct Install: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Install the kernelspec (kernel.json and logos) so Jupyter lists \"Unroll\".")

        @Flag(help: "Install for the current user (the default).")
        var user = false
        @Option(help: "Install under DIR/share/jupyter/kernels (as `jupyter kernelspec install --prefix`).")
        var prefix: String?
        @Flag(help: "Install into the active Python environment (virtualenv, conda, or python3's sys.prefix).")
        var sysPrefix = false
        @OptionGroup var lessonFolder: LessonFolderOption

        func run() throws {
            let chosen = [user, prefix != nil, sysPrefix].filter { $0 }.count
            guard chosen <= 1 else { fail("choose one of --user, --prefix DIR and --sys-prefix") }
            let environment = ProcessInfo.processInfo.environment
            let location: KernelSpec.Location
            if let prefix {
                location = .prefix(prefix)
            } else if sysPrefix {
                guard let dir = Self.pythonPrefix(environment: environment) else {
                    fail("no Python environment found for --sys-prefix; use --user or --prefix DIR")
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
                fail("cannot write the kernelspec under \(dataDirectory): \(error.localizedDescription)")
            }
        }

        /// `$VIRTUAL_ENV`, `$CONDA_PREFIX`, or what `python3` reports as `sys.prefix`.
        static func pythonPrefix(environment: [String: String]) -> String? {
            for key in ["VIRTUAL_ENV", "CONDA_PREFIX"] {
                if let dir = environment[key], !dir.isEmpty { return dir }
            }
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["python3", "-c", "import sys; print(sys.prefix)"]
            let pipe = Pipe()
            process.standardOutput = pipe
            process.standardError = FileHandle.nullDevice
            guard (try? process.run()) != nil else { return nil }
            let output = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            let dir = String(decoding: output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            return process.terminationStatus == 0 && !dir.isEmpty ? dir : nil
        }

        private func fail(_ message: String) -> Never {
            FileHandle.standardError.write(Data("unroll kernel install: error: \(message)\n".utf8))
            Foundation.exit(2)
        }
    }
}

/// The session the kernel serves: the REPL's session — same language, files,
/// lessons and progress — with values shown without the terminal's shape footer.
func makeKernelSession() -> KernelSession {
    let environment = ProcessInfo.processInfo.environment
    let dataDirectory = HistoryFile.dataDirectory(environment: environment)
    let session = Session(files: .local(dataDirectory: dataDirectory))
    let lessons = LessonStepper(
        library: LessonLibrary.locate(environment: environment),
        store: ProgressStore(url: dataDirectory.appendingPathComponent("progress.json")))
    session.add(lessons)
    session.showsShapeFooter = false
    if let warning = lessons.startupWarning { KernelCommand.log(warning) }
    return session
}
