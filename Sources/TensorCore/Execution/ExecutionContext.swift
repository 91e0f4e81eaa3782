#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// Everything a running program answers to: its interrupt flag, its deadline and
/// its session's resource budget — reachable from any layer, through the thread
/// the program runs on, without passing it down every call.
///
/// A session makes one context and ``activate(_:)``s it around each execution.
/// Inside, long kernels call ``checkpoint(_:)`` every few milliseconds of work:
///
/// ```swift
/// for block in blocks {
///     try ExecutionContext.checkpoint("matmul")   // interrupted, or past the deadline?
///     multiply(block)
/// }
/// ```
///
/// and values charge ``budget`` as they are made. Outside any execution (library
/// use from Swift, tests), ``current`` is nil: checks pass and nothing is charged.
///
/// - Complexity: ``checkpoint(_:)`` reads a thread-local pointer and one or two
///   atomics (plus the clock when a deadline is set): a few nanoseconds.
public final class ExecutionContext: Sendable {
    /// Set from another thread to stop the running program.
    public let interrupt: InterruptFlag
    /// What the session holds, and its limits.
    public let budget: ResourceBudget
    /// Nanoseconds on ``ExecutionContext/clock`` after which programs stop; 0 for none.
    private let deadline = Atomic<Int64>(0)
    /// The time limit the deadline came from, for the error message.
    private let timeLimitMilliseconds = Atomic<Int64>(0)

    public init(interrupt: InterruptFlag = InterruptFlag(), budget: ResourceBudget = ResourceBudget()) {
        self.interrupt = interrupt
        self.budget = budget
    }

    // MARK: The current context

    /// The context of the program running on this thread, if any.
    public static var current: ExecutionContext? {
        guard let raw = pthread_getspecific(currentKey) else { return nil }
        return Unmanaged<ExecutionContext>.fromOpaque(raw).takeUnretainedValue()
    }

    /// Runs `body` with this context as the thread's ``current`` one (restoring the previous one after).
    public func activate<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        let previous = pthread_getspecific(currentKey)
        pthread_setspecific(currentKey, Unmanaged.passUnretained(self).toOpaque())
        defer { pthread_setspecific(currentKey, previous) }
        return try body()
    }

    // MARK: Stopping

    /// Throws if the program should stop: an `interrupted` error after an interrupt
    /// request, a `limit` error past the deadline. Long kernels call it between
    /// pieces of work a few milliseconds long, naming themselves as `operation`.
    public func checkpoint(_ operation: String) throws {
        if interrupt.isRequested { throw TensorError(.interrupted, operation, "stopped at your request") }
        let end = deadline.load(ordering: .relaxed)
        if end != 0, Self.now() >= end {
            let limit = Double(timeLimitMilliseconds.load(ordering: .relaxed)) / 1000
            throw TensorError(.limitExceeded, operation, "the program ran longer than its time limit of \(limit) s; look for a loop that never ends, or do less work")
        }
    }

    /// ``checkpoint(_:)`` of the ``current`` context; passes outside any execution.
    public static func checkpoint(_ operation: String) throws {
        try current?.checkpoint(operation)
    }

    /// Stops programs `seconds` from now (`nil`: no deadline), until changed.
    public func setTimeLimit(_ seconds: Double?) {
        guard let seconds, seconds.isFinite, seconds >= 0 else {
            deadline.store(0, ordering: .relaxed)
            return
        }
        let nanoseconds = Int64(min(seconds, 1e9) * 1e9)
        timeLimitMilliseconds.store(Int64(min(seconds, 1e9) * 1000), ordering: .relaxed)
        deadline.store(max(1, Self.now() + nanoseconds), ordering: .relaxed)
    }

    /// Nanoseconds since the first call, on the monotonic clock.
    private static func now() -> Int64 {
        let elapsed = origin.duration(to: .now).components
        return elapsed.seconds * 1_000_000_000 + elapsed.attoseconds / 1_000_000_000
    }

    private static let origin = ContinuousClock.now
}

/// The thread-local slot holding the current context (unretained: ``ExecutionContext/activate(_:)`` keeps it alive).
private let currentKey: pthread_key_t = {
    var key = pthread_key_t()
    pthread_key_create(&key, nil)
    return key
}()
