import Foundation

/// The IOPub channel: a PUB socket owned by one thread, fed through a queue.
///
/// The shell and control threads both publish (busy/idle, outputs); libzmq
/// sockets are single-threaded, so they sign and enqueue, and this thread
/// sends in arrival order. Publishing never waits for the network.
final class IOPubPublisher: @unchecked Sendable {
    private let socket: ZMQSocket
    private let signer: MessageSigner
    private let log: @Sendable (String) -> Void
    private let condition = NSCondition()
    // Guarded by `condition`.
    private var queue: [WireMessage] = []
    private var sending = false
    private var stopped = false
    private var finished = false

    init(socket: ZMQSocket, signer: MessageSigner, log: @escaping @Sendable (String) -> Void) {
        self.socket = socket
        self.signer = signer
        self.log = log
    }

    /// Signs `message` on the calling thread and queues it.
    func publish(_ message: KernelMessage) {
        let wire = message.wire(signedBy: signer)
        condition.lock()
        if !stopped { queue.append(wire) }
        condition.signal()
        condition.unlock()
    }

    /// Starts the sending thread.
    func start() {
        let thread = Thread { [self] in run() }
        thread.name = "iopub"
        thread.start()
    }

    private func run() {
        while true {
            condition.lock()
            while queue.isEmpty && !stopped { condition.wait() }
            if queue.isEmpty && stopped {
                finished = true
                condition.broadcast()
                condition.unlock()
                return
            }
            let batch = queue
            queue.removeAll()
            sending = true
            condition.unlock()
            for wire in batch {
                do { try socket.send(wire.frames) } catch { log("iopub: \(error)") }
            }
            condition.lock()
            sending = false
            condition.broadcast()
            condition.unlock()
        }
    }

    /// Sends what is queued, then ends the thread; waits at most `timeout` seconds.
    /// Returns whether the thread finished (only then may the socket be closed).
    func stop(timeout: TimeInterval) -> Bool {
        let deadline = Date(timeIntervalSinceNow: timeout)
        condition.lock()
        defer { condition.unlock() }
        stopped = true
        condition.broadcast()
        while !finished {
            if !condition.wait(until: deadline) { return finished }
        }
        return true
    }
}
