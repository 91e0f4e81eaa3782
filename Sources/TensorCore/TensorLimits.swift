import Synchronization

/// Process-wide safety limits for tensor sizes.
///
/// Every constructor that allocates checks the element count against
/// ``maxElements`` first, so a request for 10^12 numbers is an error, not an
/// out-of-memory kill. Front-ends may lower or raise the limit.
public enum TensorLimits {
    /// The largest rank a tensor may have.
    public static let maxRank = 4

    private static let elementLimit = Atomic<Int>(50_000_000)

    /// The largest number of elements one tensor may hold (default 50 million).
    public static var maxElements: Int {
        get { elementLimit.load(ordering: .relaxed) }
        set { elementLimit.store(max(1, newValue), ordering: .relaxed) }
    }
}
