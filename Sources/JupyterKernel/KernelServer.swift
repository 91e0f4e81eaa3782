import Foundation
import Synchronization

/// The running kernel: five sockets, each served by its own thread.
///
/// - shell (ROUTER): requests that use the interpreter, one at a time, on the
///   shell thread — so a long cell blocks only the shell channel;
/// - control (ROUTER, the thread that calls `run`): shutdown, interrupt and
///   kernel_info, answered while a cell runs;
/// - stdin (ROUTER): bound for clients that expect it; the kernel asks for no input;
/// - IOPub (PUB): busy/idle and outputs, sent by a publisher thread in queue order;
/// - heartbeat (REP): echoes, on its own thread.
///
/// Every outgoing message is signed; every incoming one is verified in
/// constant time and dropped (with a log line on stderr) when its signature,
/// framing, JSON or size is wrong. Nothing a client sends can stop the loop
/// except a shutdown request.
public final class KernelServer: Sendable {
    /// The largest message accepted (all frames together); larger ones are dropped.
    public static let defaultMessageLimit = 64 << 20

    private let connection: ConnectionFile
    private let dispatcher: RequestDispatcher
    private let signer: MessageSigner
    private let library: ZMQLibrary
    private let messageLimit: Int
    private let log: @Sendable (String) -> Void
    private let stopping = Atomic<Bool>(false)

    public init(
        connection: ConnectionFile, kernel: KernelState, library: ZMQLibrary,
        messageLimit: Int = KernelServer.defaultMessageLimit, log: @escaping @Sendable (String) -> Void
    ) {
        self.connection = connection
        self.signer = MessageSigner(key: connection.key)
        self.dispatcher = RequestDispatcher(kernel: kernel, builder: MessageBuilder(), log: log)
        self.library = library
        self.messageLimit = messageLimit
        self.log = log
    }

    /// Asks ``run()`` to end as after a shutdown request (without a reply): the
    /// running cell is interrupted and every thread finishes. Thread-safe.
    public func stop() {
        stopping.store(true, ordering: .relaxed)
        dispatcher.kernel.session.interrupt()
    }

    /// Binds the sockets and serves until a shutdown request or ``stop()``.
    /// - Returns: the shutdown's `restart` flag.
    /// - Throws: `KernelServerError` when a socket cannot be bound.
    public func run() throws -> Bool {
        let context = try ZMQContext(library: library)
        let sockets = try bindSockets(context)
        let iopub = IOPubPublisher(socket: sockets.iopub, signer: signer, log: log)
        let heartbeat = Heartbeat(socket: sockets.heartbeat, log: log)
        iopub.start()
        heartbeat.start()
        iopub.publish(dispatcher.builder.broadcast("status", content: ["execution_state": "starting"], parent: nil))
        let shellDone = startShell(sockets.shell, iopub: iopub)
        log("ready: shell \(connection.endpoint(.shell)), libzmq \(library.version)")

        let restart = serveControl(sockets.control, stdin: sockets.stdin, iopub: iopub)

        // Shut down: stop the running cell, let every thread finish, flush IOPub.
        stopping.store(true, ordering: .relaxed)
        dispatcher.kernel.session.interrupt()
        let shellEnded = shellDone.wait(timeout: .now() + 3) == .success
        let heartbeatEnded = heartbeat.stop(timeout: 1)
        let iopubEnded = iopub.stop(timeout: 2)
        sockets.control.close()
        sockets.stdin.close()
        if shellEnded { sockets.shell.close() }
        if heartbeatEnded { sockets.heartbeat.close() }
        if iopubEnded { sockets.iopub.close() }
        if shellEnded && heartbeatEnded && iopubEnded {
            context.terminate()
        } else {
            log("a thread did not stop in time; exiting without closing every socket")
        }
        return restart
    }

    private struct Sockets {
        var shell, control, stdin, iopub, heartbeat: ZMQSocket
    }

    private func bindSockets(_ context: ZMQContext) throws -> Sockets {
        var bound: [ZMQSocket] = []
        func bind(_ channel: ConnectionFile.Channel, _ type: Int32) throws -> ZMQSocket {
            let endpoint = connection.endpoint(channel)
            do {
                let socket = try context.boundSocket(type, name: channel.rawValue, endpoint: endpoint, maxMessageSize: messageLimit)
                bound.append(socket)
                return socket
            } catch let error as ZMQError {
                bound.forEach { $0.close() }
                context.terminate()
                throw error.isAddressInUse
                    ? KernelServerError.portInUse(channel: channel.rawValue, endpoint: endpoint)
                    : KernelServerError.cannotBind(channel: channel.rawValue, endpoint: endpoint, reason: error.message)
            }
        }
        return Sockets(
            shell: try bind(.shell, ZMQLibrary.router), control: try bind(.control, ZMQLibrary.router),
            stdin: try bind(.stdin, ZMQLibrary.router), iopub: try bind(.iopub, ZMQLibrary.pub),
            heartbeat: try bind(.heartbeat, ZMQLibrary.rep))
    }

    /// Receives and authenticates one message; `nil` (logged) for anything unusable.
    private func receive(_ socket: ZMQSocket, wait: Bool) throws -> KernelMessage? {
        switch try socket.receive(limit: messageLimit, wait: wait) {
        case .nothing:
            return nil
        case .oversized(let bytes):
            log("\(socket.name): dropped a message: \(JupyterProtocolError.oversized(bytes: bytes, limit: messageLimit))")
            return nil
        case .frames(let frames):
            do {
                return try KernelMessage(decoding: WireMessage(frames: frames), verifiedBy: signer)
            } catch {
                log("\(socket.name): dropped a message: \(error)")
                return nil
            }
        }
    }

    private func reply(on socket: ZMQSocket) -> (KernelMessage) -> Void {
        { [signer, log] message in
            do { try socket.send(message.wire(signedBy: signer).frames) } catch { log("\(socket.name): \(error)") }
        }
    }

    /// The shell thread; the semaphore is signalled when it ends.
    private func startShell(_ shell: ZMQSocket, iopub: IOPubPublisher) -> DispatchSemaphore {
        let done = DispatchSemaphore(value: 0)
        let thread = Thread { [self] in
            defer { done.signal() }
            let send = reply(on: shell)
            while !stopping.load(ordering: .relaxed) {
                do {
                    guard try ZMQSocket.poll([shell], timeout: 200).first == true,
                        let request = try receive(shell, wait: false)
                    else { continue }
                    // The reply is held back until the queue has been looked at: what arrived
                    // before a failed cell's reply was sent before the client knew of the failure.
                    var held: [KernelMessage] = []
                    var outcome = dispatcher.handle(request, on: .shell, send: { held.append($0) }, publish: iopub.publish)
                    var queued: [KernelMessage] = []
                    if outcome == .abortQueuedExecutions {
                        while let next = try receive(shell, wait: false) { queued.append(next) }
                    }
                    held.forEach(send)
                    // Executions queued behind the failed cell are answered without running.
                    for next in queued {
                        outcome = dispatcher.handle(next, on: .shell, aborting: true, send: send, publish: iopub.publish)
                    }
                    if case .shutdown = outcome {
                        log("shutdown requested on the shell channel (deprecated; clients use control)")
                        stopping.store(true, ordering: .relaxed)
                    }
                } catch {
                    log("shell: \(error)")
                    return
                }
            }
        }
        thread.name = "shell"
        // Cells run here: give the interpreter's recursion the room the main thread would have, and more.
        thread.stackSize = 64 << 20
        thread.start()
        return done
    }

    /// Serves control and stdin on the calling thread until a shutdown request.
    private func serveControl(_ control: ZMQSocket, stdin: ZMQSocket, iopub: IOPubPublisher) -> Bool {
        let send = reply(on: control)
        while !stopping.load(ordering: .relaxed) {
            do {
                let ready = try ZMQSocket.poll([control, stdin], timeout: 200)
                if ready[1], let stray = try receive(stdin, wait: false) {
                    log("stdin: ignored '\(stray.msgType)'; this kernel does not ask for input")
                }
                guard ready[0], let request = try receive(control, wait: false) else { continue }
                if case .shutdown(let restart) = dispatcher.handle(request, on: .control, send: send, publish: iopub.publish) {
                    return restart
                }
            } catch {
                log("control: \(error)")
                return false
            }
        }
        return false
    }
}

/// Why the kernel could not start serving.
public enum KernelServerError: Error, CustomStringConvertible {
    case portInUse(channel: String, endpoint: String)
    case cannotBind(channel: String, endpoint: String, reason: String)

    public var description: String {
        switch self {
        case .portInUse(let channel, let endpoint):
            return "the \(channel) port \(endpoint) is already in use; another kernel may be running with this connection file — let Jupyter start a fresh kernel"
        case .cannotBind(let channel, let endpoint, let reason):
            return "cannot bind the \(channel) socket to \(endpoint): \(reason)"
        }
    }
}
