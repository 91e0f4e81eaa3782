import Foundation

/// A failed ZeroMQ call: which call, on what, and libzmq's reason.
public struct ZMQError: Error, CustomStringConvertible {
    public var operation: String
    public var code: Int32
    public var message: String

    /// `EADDRINUSE`: another process holds the port.
    public var isAddressInUse: Bool { code == 98 }

    public var description: String { "\(operation) failed: \(message)" }
}

/// A ZeroMQ context: the owner of every socket and of libzmq's I/O thread.
public final class ZMQContext: @unchecked Sendable {
    let library: ZMQLibrary
    let handle: UnsafeMutableRawPointer

    public init(library: ZMQLibrary) throws {
        guard let handle = library.ctxNew() else {
            let error = library.lastError()
            throw ZMQError(operation: "zmq_ctx_new", code: error.code, message: error.message)
        }
        self.library = library
        self.handle = handle
    }

    /// Ends the context; every socket must be closed first.
    public func terminate() {
        _ = library.ctxTerm(handle)
    }
}

/// One ZeroMQ socket.
///
/// libzmq sockets are not thread-safe: each socket is used by exactly one
/// thread at a time (created on the main thread, then handed to the thread
/// that serves it), which is why this class is `@unchecked Sendable`.
public final class ZMQSocket: @unchecked Sendable {
    let library: ZMQLibrary
    let handle: UnsafeMutableRawPointer
    /// What the socket is for, used in error messages (`shell`, `iopub`, …).
    public let name: String
    private var isClosed = false

    init(context: ZMQContext, type: Int32, name: String) throws {
        library = context.library
        self.name = name
        guard let handle = library.socket(context.handle, type) else {
            let error = library.lastError()
            throw ZMQError(operation: "zmq_socket(\(name))", code: error.code, message: error.message)
        }
        self.handle = handle
    }

    private func check(_ rc: Int32, _ operation: @autoclosure () -> String) throws {
        guard rc != -1 else {
            let error = library.lastError()
            throw ZMQError(operation: operation(), code: error.code, message: error.message)
        }
    }

    public func bind(_ endpoint: String) throws {
        try check(library.bind(handle, endpoint), "binding the \(name) socket to \(endpoint)")
    }

    public func setOption(_ option: Int32, _ value: Int32) throws {
        var value = value
        try check(library.setOption(handle, option, &value, MemoryLayout<Int32>.size), "zmq_setsockopt(\(name), \(option))")
    }

    public func setOption(_ option: Int32, _ value: Int64) throws {
        var value = value
        try check(library.setOption(handle, option, &value, MemoryLayout<Int64>.size), "zmq_setsockopt(\(name), \(option))")
    }

    /// What one `receive` produced.
    public enum Received {
        /// All frames of one message.
        case frames([Data])
        /// A message larger than the limit; its frames were read and discarded.
        case oversized(bytes: Int)
        /// Nothing was waiting (non-blocking receive) or the call was interrupted.
        case nothing
    }

    /// Receives one multipart message of at most `limit` bytes (all frames together).
    /// - Parameter wait: block until a message arrives, or return `.nothing` at once.
    public func receive(limit: Int, wait: Bool = false) throws -> Received {
        let message = UnsafeMutableRawPointer.allocate(byteCount: ZMQLibrary.messageSize, alignment: 16)
        defer { message.deallocate() }
        var frames: [Data] = []
        var total = 0
        var more = true
        while more {
            _ = library.msgInit(message)
            let rc = library.msgRecv(message, handle, wait || !frames.isEmpty ? 0 : ZMQLibrary.flagDontWait)
            if rc == -1 {
                let error = library.lastError()
                _ = library.msgClose(message)
                if frames.isEmpty, error.code == ZMQLibrary.errAgain || error.code == ZMQLibrary.errInterrupted { return .nothing }
                throw ZMQError(operation: "receiving on \(name)", code: error.code, message: error.message)
            }
            let size = library.msgSize(message)
            total += size
            // Past the limit, keep draining the frames but stop copying them.
            if total <= limit, let bytes = library.msgData(message) {
                frames.append(Data(bytes: bytes, count: size))
            } else if total <= limit {
                frames.append(Data())
            }
            more = library.msgMore(message) == 1
            _ = library.msgClose(message)
        }
        return total > limit ? .oversized(bytes: total) : .frames(frames)
    }

    /// Sends `frames` as one multipart message.
    public func send(_ frames: [Data]) throws {
        for (i, frame) in frames.enumerated() {
            let flags = i < frames.count - 1 ? ZMQLibrary.flagSendMore : 0
            let rc = frame.withUnsafeBytes { library.send(handle, $0.baseAddress, frame.count, flags) }
            try check(rc, "sending on \(name)")
        }
    }

    /// Waits up to `timeout` milliseconds for any of `sockets` to become readable.
    /// Returns which ones are; all `false` on timeout or when a signal interrupted the wait.
    public static func poll(_ sockets: [ZMQSocket], timeout: Int) throws -> [Bool] {
        guard let first = sockets.first else { return [] }
        // zmq_pollitem_t: { void *socket; int fd; short events; short revents; } — 16 bytes on LP64.
        let stride = 16
        let items = UnsafeMutableRawPointer.allocate(byteCount: stride * sockets.count, alignment: 8)
        defer { items.deallocate() }
        items.initializeMemory(as: UInt8.self, repeating: 0, count: stride * sockets.count)
        for (i, socket) in sockets.enumerated() {
            items.storeBytes(of: socket.handle, toByteOffset: i * stride, as: UnsafeMutableRawPointer.self)
            items.storeBytes(of: ZMQLibrary.pollIn, toByteOffset: i * stride + 12, as: Int16.self)
        }
        let rc = first.library.poll(items, Int32(sockets.count), timeout)
        if rc == -1 {
            let error = first.library.lastError()
            if error.code == ZMQLibrary.errInterrupted { return sockets.map { _ in false } }
            throw ZMQError(operation: "zmq_poll", code: error.code, message: error.message)
        }
        return sockets.indices.map { i in
            items.load(fromByteOffset: i * stride + 14, as: Int16.self) & ZMQLibrary.pollIn != 0
        }
    }

    /// Closes the socket; messages still queued get `linger` milliseconds to leave.
    public func close() {
        guard !isClosed else { return }
        isClosed = true
        _ = library.close(handle)
    }
}

extension ZMQContext {
    /// A new socket of `type` (`ZMQLibrary.router`, `.pub`, `.rep`) bound to `endpoint`,
    /// with a linger of one second and messages capped at `maxMessageSize` bytes.
    func boundSocket(_ type: Int32, name: String, endpoint: String, maxMessageSize: Int) throws -> ZMQSocket {
        let socket = try ZMQSocket(context: self, type: type, name: name)
        do {
            try socket.setOption(ZMQLibrary.optionLinger, Int32(1000))
            try socket.setOption(ZMQLibrary.optionMaxMessageSize, Int64(maxMessageSize))
            if type == ZMQLibrary.pub {
                // PUB drops messages beyond this many queued per subscriber; keep bursts of output.
                try socket.setOption(ZMQLibrary.optionSendHighWaterMark, Int32(100_000))
            }
            if type == ZMQLibrary.router {
                // A reconnecting client with the same identity takes over its old route.
                try socket.setOption(ZMQLibrary.optionRouterHandover, Int32(1))
            }
            try socket.bind(endpoint)
        } catch {
            socket.close()
            throw error
        }
        return socket
    }
}
