#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import Formats

/// One JSON value per line over a pipe: how the grading processes talk. Lines are
/// JSON-encoded, so a file name holding a line break cannot split a message.
struct LineChannel {
    let readFD: Int32
    let writeFD: Int32
    private var buffer: [UInt8] = []
    private var ended = false

    init(read: Int32 = -1, write: Int32 = -1) {
        readFD = read
        writeFD = write
    }

    /// Writes `message` and a line break; false when the other end is gone.
    func send(_ message: JSONValue) -> Bool {
        var bytes = message.encodedBytes()
        bytes.append(UInt8(ascii: "\n"))
        return bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let written = write(writeFD, raw.baseAddress! + offset, raw.count - offset)
                if written < 0, errno == EINTR { continue }
                guard written > 0 else { return false }
                offset += written
            }
            return true
        }
    }

    /// What came of waiting for a line.
    enum Received<T> {
        case message(T)
        /// A line that is not a message of this type (half a line from a process that died, say).
        case garbled
        /// The other end closed the pipe.
        case closed
        /// Nothing arrived before the deadline.
        case timedOut
    }

    /// The next line, read as a `T` by `decode`; waits at most until `deadline` (forever when nil).
    mutating func receive<T>(_ decode: (JSONValue) -> T?, until deadline: ContinuousClock.Instant? = nil) -> Received<T> {
        while true {
            if let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                let line = Array(buffer[..<newline])
                buffer.removeSubrange(...newline)
                guard let json = try? JSONValue.parse(line), let message = decode(json) else { return .garbled }
                return .message(message)
            }
            if ended {
                if buffer.isEmpty { return .closed }
                buffer.removeAll()
                return .garbled
            }
            if let deadline {
                let left = deadline - .now
                guard left > .zero else { return .timedOut }
                var poller = pollfd(fd: readFD, events: Int16(POLLIN), revents: 0)
                let millis = Int32(clamping: left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000 + 1)
                let ready = poll(&poller, 1, millis)
                if ready < 0, errno == EINTR { continue }
                if ready == 0 { continue }
            }
            var chunk = [UInt8](repeating: 0, count: 65536)
            let count = read(readFD, &chunk, chunk.count)
            if count < 0, errno == EINTR { continue }
            if count <= 0 {
                ended = true
                continue
            }
            buffer.append(contentsOf: chunk[..<count])
        }
    }
}
