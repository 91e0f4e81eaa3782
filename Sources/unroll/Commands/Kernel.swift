import ArgumentParser
import Dispatch
import Foundation
import JupyterKernel
import Kernel

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
            throw CLIError.usage("give the connection file Jupyter wrote: unroll kernel --connection-file FILE (or run `unroll kernel install` once and let Jupyter start the kernel)")
        }
        // A kernel that cannot start (a bad connection file, no libzmq, a port in use) is a usage error: exit 2.
        let connection: ConnectionFile
        do {
            connection = try ConnectionFile(contentsOf: connectionFile)
        } catch {
            throw CLIError.usage("\(error)")
        }
        let library: ZMQLibrary
        do {
            library = try ZMQLibrary.load()
        } catch {
            throw CLIError.usage("\(error)")
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
        let interrupts = InterruptSignal { [kernel] in kernel.session.interrupt() }
        defer { interrupts.cancel() }

        // A client killed without a shutdown request leaves the kernel with another parent: end it too.
        ParentWatcher(environment: ProcessInfo.processInfo.environment, currentParent: getppid())?.start {
            KernelCommand.log("the client that started this kernel has gone; shutting down")
            server.stop()
            // Should a thread not stop in time, leave anyway: an orphaned kernel helps no one.
            Thread.sleep(forTimeInterval: 1)
            KernelCommand.log("threads did not stop within a second; exiting")
            _exit(1)
        }

        do {
            let restart = try server.run()
            KernelCommand.log(restart ? "shut down for a restart" : "shut down")
        } catch {
            throw CLIError.usage("\(error)")
        }
    }

    /// Log lines go to stderr, which Jupyter shows in its own log.
    @Sendable static func log(_ line: String) {
        FileHandle.standardError.write(Data("[unroll kernel] \(line)\n".utf8))
    }
}

/// The session the kernel serves: the REPL's session — same language, files,
/// lessons, progress and history — with SVG pictures and without the terminal's shape footer.
func makeKernelSession() -> KernelSession {
    let environment = ProcessInfo.processInfo.environment
    var options = SessionOptions.notebook(environment: environment)
    options.history = SessionHistory.open(environment: environment)
    let session = Session.standard(options)
    session.startupWarnings.forEach(KernelCommand.log)
    return session
}
