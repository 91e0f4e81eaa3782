import Foundation
import Synchronization

/// The heartbeat channel: a REP socket on its own thread that echoes every
/// message, so the client sees the kernel alive even while a cell runs.
final class Heartbeat: Sendable {
    private let socket: ZMQSocket
    private let log: @Sendable (String) -> Void
    private let stopping = Atomic<Bool>(false)
    private let done = DispatchSemaphore(value: 0)

    init(socket: ZMQSocket, log: @escaping @Sendable (String) -> Void) {
        self.socket = socket
        self.log = log
    }

    func start() {
        let thread = Thread { [self] in
            defer { done.signal() }
            while !stopping.load(ordering: .relaxed) {
                do {
                    guard try ZMQSocket.poll([socket], timeout: 200).first == true else { continue }
                    // A REP socket must answer before it can receive again.
                    switch try socket.receive(limit: 1 << 16) {
                    case .frames(let frames): try socket.send(frames.isEmpty ? [Data()] : frames)
                    case .oversized: try socket.send([Data()])
                    case .nothing: break
                    }
                } catch {
                    log("heartbeat: \(error)")
                    return
                }
            }
        }
        thread.name = "heartbeat"
        thread.start()
    }

    /// Ends the thread; returns whether it ended within `timeout` seconds.
    func stop(timeout: TimeInterval) -> Bool {
        stopping.store(true, ordering: .relaxed)
        return done.wait(timeout: .now() + timeout) == .success
    }
}
