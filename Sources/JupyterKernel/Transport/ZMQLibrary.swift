import Foundation

/// libzmq, loaded when the kernel starts rather than linked.
///
/// `dlopen("libzmq.so.5")` and `dlsym` for the dozen functions the kernel
/// uses, so building needs no ZeroMQ headers and every other `unroll` command
/// runs on a machine without ZeroMQ. Only `unroll kernel` needs the library,
/// and it says what to install when it is missing.
public final class ZMQLibrary: Sendable {
    typealias CtxNew = @convention(c) () -> UnsafeMutableRawPointer?
    typealias CtxCall = @convention(c) (UnsafeMutableRawPointer?) -> Int32
    typealias SocketNew = @convention(c) (UnsafeMutableRawPointer?, Int32) -> UnsafeMutableRawPointer?
    typealias Bind = @convention(c) (UnsafeMutableRawPointer?, UnsafePointer<CChar>?) -> Int32
    typealias SetOption = @convention(c) (UnsafeMutableRawPointer?, Int32, UnsafeRawPointer?, Int) -> Int32
    typealias MsgCall = @convention(c) (UnsafeMutableRawPointer?) -> Int32
    typealias MsgRecv = @convention(c) (UnsafeMutableRawPointer?, UnsafeMutableRawPointer?, Int32) -> Int32
    typealias MsgData = @convention(c) (UnsafeMutableRawPointer?) -> UnsafeMutableRawPointer?
    typealias MsgSize = @convention(c) (UnsafeMutableRawPointer?) -> Int
    typealias Send = @convention(c) (UnsafeMutableRawPointer?, UnsafeRawPointer?, Int, Int32) -> Int32
    typealias Poll = @convention(c) (UnsafeMutableRawPointer?, Int32, Int) -> Int32
    typealias Errno = @convention(c) () -> Int32
    typealias StrError = @convention(c) (Int32) -> UnsafePointer<CChar>?
    typealias Version = @convention(c) (UnsafeMutablePointer<Int32>?, UnsafeMutablePointer<Int32>?, UnsafeMutablePointer<Int32>?) -> Void

    // Socket types and options from zmq.h (stable across libzmq 4.x).
    static let pub: Int32 = 1
    static let rep: Int32 = 4
    static let router: Int32 = 6
    static let optionSendHighWaterMark: Int32 = 23
    static let optionLinger: Int32 = 17
    static let optionMaxMessageSize: Int32 = 22
    static let optionRouterHandover: Int32 = 56
    static let flagDontWait: Int32 = 1
    static let flagSendMore: Int32 = 2
    static let pollIn: Int16 = 1
    // `zmq_errno` reports the C library's errno values, not numbers of zmq.h's own.
    static let errAgain: Int32 = EAGAIN
    static let errInterrupted: Int32 = EINTR
    /// `zmq_msg_t` is an opaque 64-byte, 8-byte-aligned struct.
    static let messageSize = 64

    let ctxNew: CtxNew
    let ctxTerm: CtxCall
    let socket: SocketNew
    let close: CtxCall
    let bind: Bind
    let setOption: SetOption
    let msgInit: MsgCall
    let msgRecv: MsgRecv
    let msgData: MsgData
    let msgSize: MsgSize
    let msgMore: MsgCall
    let msgClose: MsgCall
    let send: Send
    let poll: Poll
    let errno: Errno
    let strError: StrError
    /// `major.minor.patch` of the loaded library.
    public let version: String

    /// The file names tried, in order: `UNROLL_LIBZMQ` alone when set (a path
    /// or a name), else the system's `libzmq.so.5`, then the development link `libzmq.so`.
    static func candidateNames(environment: [String: String]) -> [String] {
        if let explicit = environment["UNROLL_LIBZMQ"], !explicit.isEmpty { return [explicit] }
        return ["libzmq.so.5", "libzmq.so"]
    }

    /// Loads libzmq and resolves every function the kernel needs.
    /// - Throws: `ZMQUnavailable` with the install command when it is missing.
    public static func load(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> ZMQLibrary {
        let names = candidateNames(environment: environment)
        for name in names {
            if let handle = dlopen(name, RTLD_NOW | RTLD_LOCAL) {
                return try ZMQLibrary(handle: handle, name: name)
            }
        }
        throw ZMQUnavailable(tried: names, detail: dlerror().map { String(cString: $0) } ?? "not found")
    }

    private init(handle: UnsafeMutableRawPointer, name: String) throws {
        func symbol<T>(_ symbolName: String, as type: T.Type) throws -> T {
            guard let pointer = dlsym(handle, symbolName) else {
                throw ZMQUnavailable(tried: [name], detail: "\(name) has no '\(symbolName)'; libzmq 4.x is needed")
            }
            return unsafeBitCast(pointer, to: type)
        }
        ctxNew = try symbol("zmq_ctx_new", as: CtxNew.self)
        ctxTerm = try symbol("zmq_ctx_term", as: CtxCall.self)
        socket = try symbol("zmq_socket", as: SocketNew.self)
        close = try symbol("zmq_close", as: CtxCall.self)
        bind = try symbol("zmq_bind", as: Bind.self)
        setOption = try symbol("zmq_setsockopt", as: SetOption.self)
        msgInit = try symbol("zmq_msg_init", as: MsgCall.self)
        msgRecv = try symbol("zmq_msg_recv", as: MsgRecv.self)
        msgData = try symbol("zmq_msg_data", as: MsgData.self)
        msgSize = try symbol("zmq_msg_size", as: MsgSize.self)
        msgMore = try symbol("zmq_msg_more", as: MsgCall.self)
        msgClose = try symbol("zmq_msg_close", as: MsgCall.self)
        send = try symbol("zmq_send", as: Send.self)
        poll = try symbol("zmq_poll", as: Poll.self)
        errno = try symbol("zmq_errno", as: Errno.self)
        strError = try symbol("zmq_strerror", as: StrError.self)
        let versionOf = try symbol("zmq_version", as: Version.self)
        var major: Int32 = 0, minor: Int32 = 0, patch: Int32 = 0
        versionOf(&major, &minor, &patch)
        version = "\(major).\(minor).\(patch)"
        guard major >= 4 else {
            throw ZMQUnavailable(tried: [name], detail: "\(name) is version \(version); libzmq 4.x is needed")
        }
    }

    /// The last error on the calling thread, as `(code, message)`.
    func lastError() -> (code: Int32, message: String) {
        let code = errno()
        return (code, strError(code).map { String(cString: $0) } ?? "error \(code)")
    }
}

/// libzmq could not be loaded; `description` says what to install.
public struct ZMQUnavailable: Error, CustomStringConvertible {
    public var tried: [String]
    public var detail: String

    public var description: String {
        """
        the Jupyter kernel needs the ZeroMQ library (libzmq 4.x), which could not be loaded \
        (tried \(tried.joined(separator: ", ")): \(detail)).
        Install it with:
            sudo apt-get install libzmq5        # Debian, Ubuntu (libzmq3-dev also provides it)
            sudo dnf install zeromq             # Fedora
        or set UNROLL_LIBZMQ to the path of libzmq.so.5.
        """
    }
}
