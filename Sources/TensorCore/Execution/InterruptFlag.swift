import Synchronization

/// A flag another thread sets to stop a running program (Ctrl-C, Jupyter's interrupt).
///
/// The interpreter checks it in loops and calls, and long kernels (matrix
/// products, SVD, sampling, training) through ``ExecutionContext/checkpoint(_:)``;
/// the program stops with an `interrupted` error and variables assigned before
/// it keep their values.
public final class InterruptFlag: Sendable {
    private let flag = Atomic<Bool>(false)

    public init() {}

    public func request() { flag.store(true, ordering: .relaxed) }
    public func clear() { flag.store(false, ordering: .relaxed) }
    public var isRequested: Bool { flag.load(ordering: .relaxed) }
}
