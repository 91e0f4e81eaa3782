import Synchronization

/// What a session's programs may hold at once, whatever form the data takes:
/// tensors in variables, sequences, records or a recorded graph all count.
public enum Resource: Int, CaseIterable, Sendable {
    /// Bytes of tensor elements (8 per element) in every live tensor, graph nodes included.
    case tensorBytes
    /// Live graph nodes: every tensor value the program holds or a graph remembers.
    case graphNodes
    /// Bytes (UTF-8) of every live string.
    case stringBytes
    /// Elements of every live sequence and tuple.
    case sequenceElements

    /// The name used in `limit` errors and docs.
    public var name: String {
        switch self {
        case .tensorBytes: return "tensor bytes"
        case .graphNodes: return "graph nodes"
        case .stringBytes: return "string bytes"
        case .sequenceElements: return "sequence elements"
        }
    }

    /// `amount` in this resource's unit, for messages: `1.5 GiB`, `3000000 nodes`.
    public func describe(_ amount: Int) -> String {
        switch self {
        case .tensorBytes, .stringBytes: return describeBytes(amount)
        case .graphNodes: return "\(amount) nodes"
        case .sequenceElements: return "\(amount) elements"
        }
    }
}

/// The most of each ``Resource`` a session may hold.
///
/// The defaults fit a 24 GiB machine that grades on every core: a session at every
/// budget at once holds about 1.9 GB (1 GiB of tensor data; about 300 bytes of
/// bookkeeping for each of a million graph nodes; 64 MiB of strings; 4 million
/// sequence slots of 24 bytes; the process itself), so twelve run side by side.
/// A graded submission also runs under the operating system's hard limits; these
/// budgets are what turn running out into a clear error instead of a killed process.
public struct ResourceLimits: Sendable, Equatable {
    public var tensorBytes = 1 << 30
    public var graphNodes = 1_000_000
    public var stringBytes = 64 << 20
    public var sequenceElements = 4_000_000

    public init() {}

    /// The limit for `resource`.
    public subscript(resource: Resource) -> Int {
        get {
            switch resource {
            case .tensorBytes: return tensorBytes
            case .graphNodes: return graphNodes
            case .stringBytes: return stringBytes
            case .sequenceElements: return sequenceElements
            }
        }
        set {
            switch resource {
            case .tensorBytes: tensorBytes = newValue
            case .graphNodes: graphNodes = newValue
            case .stringBytes: stringBytes = newValue
            case .sequenceElements: sequenceElements = newValue
            }
        }
    }

    /// The defaults (``ResourceLimits/init()``).
    public static let standard = ResourceLimits()
}

/// How much of each ``Resource`` a session holds, against its ``ResourceLimits``.
///
/// Values charge the budget of the session that made them when they are created
/// and give it back when they are freed, on whatever thread that happens, so the
/// counts are exact for every form the data takes. Charging never fails (it runs
/// in initialisers and deinitialisers); what grows the session asks first:
/// ``admit(_:_:operation:)`` refuses a new tensor, graph node, string or sequence
/// that would not fit, before it is made. Values made without asking (a detached
/// copy sharing its original's storage, a literal) are charged but never refused,
/// so a session at its limit can always let go of something.
public final class ResourceBudget: Sendable {
    private let tensorBytes = Atomic<Int>(0)
    private let graphNodes = Atomic<Int>(0)
    private let stringBytes = Atomic<Int>(0)
    private let sequenceElements = Atomic<Int>(0)
    private let tensorBytesLimit, graphNodesLimit, stringBytesLimit, sequenceElementsLimit: Atomic<Int>

    public init(limits: ResourceLimits = .standard) {
        tensorBytesLimit = Atomic(limits.tensorBytes)
        graphNodesLimit = Atomic(limits.graphNodes)
        stringBytesLimit = Atomic(limits.stringBytes)
        sequenceElementsLimit = Atomic(limits.sequenceElements)
    }

    /// The limits; setting them takes effect at the next check (nothing already held is freed).
    public var limits: ResourceLimits {
        get {
            var limits = ResourceLimits()
            for resource in Resource.allCases { limits[resource] = limit(resource) }
            return limits
        }
        set {
            for resource in Resource.allCases {
                withLimit(resource) { $0.store(max(0, newValue[resource]), ordering: .relaxed) }
            }
        }
    }

    /// How much of `resource` is held now.
    public func used(_ resource: Resource) -> Int {
        withCounter(resource) { $0.load(ordering: .relaxed) }
    }

    /// The limit for `resource`.
    public func limit(_ resource: Resource) -> Int {
        withLimit(resource) { $0.load(ordering: .relaxed) }
    }

    /// Records that `amount` more of `resource` is held.
    public func charge(_ resource: Resource, _ amount: Int) {
        withCounter(resource) { _ = $0.wrappingAdd(amount, ordering: .relaxed) }
    }

    /// Records that `amount` of `resource` was freed.
    public func release(_ resource: Resource, _ amount: Int) {
        withCounter(resource) { _ = $0.wrappingSubtract(amount, ordering: .relaxed) }
    }

    /// Throws a `limit` error, before anything is allocated, when holding `amount`
    /// more of `resource` would go over its limit.
    public func admit(_ resource: Resource, _ amount: Int, operation: String) throws {
        let held = used(resource), limit = limit(resource)
        if amount > limit - held { throw exceeded(resource, wouldHold: held.addingReportingOverflow(amount).partialValue, operation: operation) }
    }

    private func exceeded(_ resource: Resource, wouldHold amount: Int, operation: String) -> TensorError {
        let limit = limit(resource)
        let what: String
        switch resource {
        case .tensorBytes:
            what = "the session's tensors would hold \(resource.describe(amount)), more than its budget of \(resource.describe(limit)) (\(resource.name)); drop big tensors you no longer need (x = none) or use smaller ones"
        case .graphNodes:
            what = "the session would hold \(resource.describe(amount)) of recorded graph, more than its budget of \(resource.describe(limit)) (\(resource.name)); call detach() on values carried from one training step to the next, so old graphs can be freed"
        case .stringBytes:
            what = "the session's strings would hold \(resource.describe(amount)), more than its budget of \(resource.describe(limit)) (\(resource.name))"
        case .sequenceElements:
            what = "the session's sequences would hold \(resource.describe(amount)), more than its budget of \(resource.describe(limit)) (\(resource.name)); keep only the elements you need, or stack them into a tensor"
        }
        return TensorError(.limitExceeded, operation, what)
    }

    private func withCounter<R>(_ resource: Resource, _ body: (borrowing Atomic<Int>) -> R) -> R {
        switch resource {
        case .tensorBytes: return body(tensorBytes)
        case .graphNodes: return body(graphNodes)
        case .stringBytes: return body(stringBytes)
        case .sequenceElements: return body(sequenceElements)
        }
    }

    private func withLimit<R>(_ resource: Resource, _ body: (borrowing Atomic<Int>) -> R) -> R {
        switch resource {
        case .tensorBytes: return body(tensorBytesLimit)
        case .graphNodes: return body(graphNodesLimit)
        case .stringBytes: return body(stringBytesLimit)
        case .sequenceElements: return body(sequenceElementsLimit)
        }
    }
}

/// `1.5 GiB`, `64.0 MiB`, `512 bytes`: binary units, one decimal.
func describeBytes(_ bytes: Int) -> String {
    let units = ["KiB", "MiB", "GiB", "TiB", "PiB", "EiB"]
    guard bytes >= 1024 else { return "\(bytes) bytes" }
    var value = Double(bytes) / 1024
    var unit = 0
    while value >= 1024, unit < units.count - 1 {
        value /= 1024
        unit += 1
    }
    let tenths = (value * 10).rounded() / 10
    return "\(tenths) \(units[unit])"
}
