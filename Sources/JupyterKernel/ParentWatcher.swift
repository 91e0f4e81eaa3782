import Foundation

/// Ends the kernel when the client that started it is gone, as ipykernel's
/// `ParentPollerUnix` does.
///
/// jupyter_client starts a kernel in a session of its own (so Ctrl-C in the
/// notebook server's terminal does not reach it) and puts its own PID in
/// `JPY_PARENT_PID`. When that client is killed, nothing tells the kernel: it is
/// adopted by init (or by a subreaper such as `systemd --user` or a container's
/// init) and would run forever. The watcher notices the change of parent PID.
///
/// Which parent is watched: the one the kernel had when it started, provided
/// `JPY_PARENT_PID` is set (not to 1 — init never goes away). When the two
/// differ (a wrapper script started the kernel), the wrapper is the one watched:
/// it dies with its client. Started by hand (no `JPY_PARENT_PID`), nothing is
/// watched, as with ipykernel.
public struct ParentWatcher: Sendable, Equatable {
    /// The parent PID the kernel had at start.
    public let parent: pid_t

    /// A watcher for a kernel with `environment` whose parent is now `currentParent`,
    /// or nil when there is nothing to watch.
    public init?(environment: [String: String], currentParent: pid_t) {
        guard let text = environment["JPY_PARENT_PID"], let claimed = Int32(text.trimmingCharacters(in: .whitespaces)),
              claimed > 1, currentParent > 1
        else { return nil }
        parent = currentParent
    }

    /// Whether the parent has gone: the kernel now has another parent.
    public func parentIsGone(currentParent: pid_t) -> Bool { currentParent != parent }

    /// Checks the parent every `interval` seconds on a thread of its own and calls
    /// `onGone` once, from that thread, when the parent has gone.
    public func start(interval: Double = 0.25, onGone: @escaping @Sendable () -> Void) {
        let thread = Thread { [self] in
            while !parentIsGone(currentParent: getppid()) {
                Thread.sleep(forTimeInterval: interval)
            }
            onGone()
        }
        thread.name = "parent watcher"
        thread.stackSize = 256 << 10
        thread.start()
    }
}
