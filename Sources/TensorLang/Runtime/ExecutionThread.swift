import Foundation
import Synchronization

/// Runs programs on threads whose stack size the interpreter chooses, so how deep
/// a program may nest never depends on the thread that asked (the main thread's
/// stack is whatever `ulimit -s` says; other threads get less).
///
/// The threads are kept in a pool and reused: handing a program to one costs a
/// few microseconds, not a thread start. Code already running on one of them
/// (a session running a lesson's cell inside a meta-command) runs inline, with
/// the stack that is left.
///
/// ```swift
/// let outputs = ExecutionThread.run { availableStack in
///     interpreter.executeHere(source, stackAvailable: availableStack)
/// }
/// ```
public enum ExecutionThread {
    /// Every execution thread's stack (virtual memory: pages are only touched as deep as a program goes).
    public static let stackSize = 64 << 20
    /// Stack left unused below the interpreter's deepest check, for the frames of whatever
    /// runs past it without checking (a builtin, rendering a value, freeing a long graph).
    public static let reserve = 4 << 20

    /// Runs `body` on an execution thread, passing how many bytes of stack it may use,
    /// and returns its result. The caller waits.
    public static func run<T>(_ body: (_ availableStack: Int) -> T) -> T {
        if let limit = currentStackLimit() {
            return body(max(0, Int(bitPattern: stackPointer() &- limit) - reserve))
        }
        return withoutActuallyEscaping(body) { body in
            let job = Job { limit in body(max(0, Int(bitPattern: stackPointer() &- limit) - reserve)) }
            let worker = Worker.idle.withLock { $0.popLast() } ?? Worker()
            worker.perform(job)
            Worker.idle.withLock { $0.append(worker) }
            return job.result!
        }
    }

    /// Makes the calling thread an execution thread whose programs may use the stack down
    /// to `stackSize` bytes below the caller: programs then run on it inline instead of on
    /// a pooled thread. For a process that must keep a single thread — a grading worker
    /// forks a process per submission, and a forked process has only the thread that
    /// forked. The thread's stack must really reach that far (`setrlimit(RLIMIT_STACK)`
    /// for the main thread).
    public static func adoptCurrentThread(stackSize: Int) {
        let limit = stackPointer() &- UInt(max(0, stackSize))
        pthread_setspecific(stackLimitKey, UnsafeRawPointer(bitPattern: limit))
    }

    /// Whether the calling thread is an execution thread.
    public static var isCurrent: Bool { currentStackLimit() != nil }

    /// The lowest stack address the current execution thread may use, or nil on other threads.
    private static func currentStackLimit() -> UInt? {
        guard let raw = pthread_getspecific(stackLimitKey) else { return nil }
        return UInt(bitPattern: raw)
    }

    /// An address inside the caller's stack frame.
    @inline(never)
    static func stackPointer() -> UInt {
        var marker = 0
        return withUnsafeMutablePointer(to: &marker) { UInt(bitPattern: $0) }
    }
}

/// One piece of work and its result, handed between threads.
private final class Job<T>: @unchecked Sendable {
    let body: (_ stackLimit: UInt) -> T
    var result: T?
    init(_ body: @escaping (_ stackLimit: UInt) -> T) { self.body = body }
}

/// A thread with a large stack that runs one job at a time.
private final class Worker: @unchecked Sendable {
    static let idle = Mutex<[Worker]>([])

    private let condition = NSCondition()
    private var pending: (() -> Void)?
    private var finished = false

    init() {
        // Workers live as long as the process: the thread holds its worker.
        let thread = Thread { self.serve() }
        thread.name = "unroll execution"
        thread.stackSize = ExecutionThread.stackSize
        thread.start()
    }

    /// Runs `job` on this worker's thread and waits for it.
    func perform<T>(_ job: Job<T>) {
        condition.lock()
        pending = { job.result = job.body(UInt(bitPattern: pthread_getspecific(stackLimitKey))) }
        finished = false
        condition.broadcast()
        while !finished { condition.wait() }
        condition.unlock()
    }

    private func serve() {
        // The stack runs down from here; keep a margin for the guard page and the thread's own start.
        let limit = ExecutionThread.stackPointer() &- UInt(ExecutionThread.stackSize) &+ UInt(256 << 10)
        pthread_setspecific(stackLimitKey, UnsafeRawPointer(bitPattern: limit))
        condition.lock()
        while true {
            while pending == nil { condition.wait() }
            let work = pending!
            condition.unlock()
            work()
            condition.lock()
            pending = nil
            finished = true
            condition.broadcast()
        }
    }
}

/// The thread-local slot holding an execution thread's stack limit.
private let stackLimitKey: pthread_key_t = {
    var key = pthread_key_t()
    pthread_key_create(&key, nil)
    return key
}()
