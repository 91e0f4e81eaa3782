import Foundation

/// The IOPub channel: a PUB socket owned by one thread, fed through a queue.
///
/// The shell and control threads both publish (busy/idle, outputs); libzmq
/// sockets are single-threaded, so they enqueue, and this thread signs and
/// sends in arrival order. Publishing never waits for the network. Stream
/// text queued back to back for the same request and stream is sent as one
/// message, so a loop that prints thousands of lines does not flood the
/// client (or overflow the socket's queue, which would drop messages).
final class IOPubPublisher: @unchecked Sendable {
    private let socket: ZMQSocket
    private let signer: MessageSigner
    private let log: @Sendable (String) -> Void
    private let condition = NSCondition()
    // Guarded by `condition`.
    private var queue: [KernelMessage] = []
    private var sending = false
    private var stopped = false
    private var finished = false

    init(socket: ZMQSocket, signer: MessageSigner, log: @escaping @Sendable (String) -> Void) {
        self.socket = socket
        self.signer = signer
        self.log = log
    }

    /// Queues `message` for sending.
    func publish(_ message: KernelMessage) {
        condition.lock()
        if !stopped { queue.append(message) }
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
            for message in Self.coalescingStreams(batch) {
                do { try socket.send(message.wire(signedBy: signer).frames) } catch { log("iopub: \(error)") }
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

    /// `messages` with each run of `stream` messages of the same stream and
    /// parent joined into one; everything else, and the order, unchanged.
    static func coalescingStreams(_ messages: [KernelMessage]) -> [KernelMessage] {
        var out: [KernelMessage] = []
        for message in messages {
            if message.msgType == "stream", let last = out.last, last.msgType == "stream",
                last.parentHeader == message.parentHeader, last.content["name"] == message.content["name"],
                let before = last.content["text"]?.stringValue, let added = message.content["text"]?.stringValue,
                var content = last.content.objectValue
            {
                content["text"] = .string(before + added)
                out[out.count - 1].content = .object(content)
            } else {
                out.append(message)
            }
        }
        return out
    }
}
