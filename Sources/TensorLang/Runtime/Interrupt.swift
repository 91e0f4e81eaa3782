import Synchronization

/// A flag another thread sets to stop a running program (Ctrl-C, Jupyter's interrupt).
///
/// The interpreter checks it in loops, function calls and long builtins and stops with an
/// `interrupted` diagnostic; variables assigned before that keep their values.
public final class InterruptFlag: Sendable {
    private let flag = Atomic<Bool>(false)

    public init() {}

    public func request() { flag.store(true, ordering: .relaxed) }
    public func clear() { flag.store(false, ordering: .relaxed) }
    public var isRequested: Bool { flag.load(ordering: .relaxed) }
}
