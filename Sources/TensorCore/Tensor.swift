/// A float64 tensor of rank 0 to 4 with value semantics.
///
/// Storage is one contiguous row-major array (`scalars`), copied on write like
/// any Swift array. A rank-0 tensor is a scalar.
///
/// ```swift
/// let w = try Tensor(shape: [2, 2], scalars: [0.5, -0.2, 0.1, 0.3])
/// w.shape        // [2, 2]
/// try w.element(at: [1, 0])   // 0.1
/// ```
public struct Tensor: Sendable, Equatable {
    /// The size of each dimension, outermost first.
    public let shape: [Int]
    /// The elements in row-major order; `scalars.count == shape.reduce(1, *)`.
    public internal(set) var scalars: [Double]

    /// Creates a tensor, checking that `scalars` fills `shape` exactly and that
    /// the shape is within ``TensorLimits``.
    public init(shape: [Int], scalars: [Double]) throws {
        let count = try Shape.checkedCount(shape, operation: "tensor")
        guard count == scalars.count else {
            throw TensorError.shape("tensor", "\(scalars.count) values cannot fill shape \(describeShape(shape)), which holds \(count)")
        }
        self.shape = shape
        self.scalars = scalars
    }

    /// Creates a tensor whose shape and count the caller has already checked.
    @usableFromInline
    init(unchecked shape: [Int], _ scalars: [Double]) {
        self.shape = shape
        self.scalars = scalars
    }

    /// A rank-0 tensor holding `value`.
    public init(_ value: Double) { self.init(unchecked: [], [value]) }

    /// A vector (rank 1) holding `values`.
    public init(_ values: [Double]) { self.init(unchecked: [values.count], values) }

    /// A matrix from rows of equal length.
    public init(rows: [[Double]]) throws {
        let columns = rows.first?.count ?? 0
        guard rows.allSatisfy({ $0.count == columns }) else {
            throw TensorError.shape("tensor", "rows have different lengths \(rows.map(\.count)); every row needs \(columns) values")
        }
        try self.init(shape: [rows.count, columns], scalars: rows.flatMap { $0 })
    }

    // Inlinable: read for every recorded node and every argument check in the other modules.
    /// The number of dimensions.
    @inlinable public var rank: Int { shape.count }
    /// The number of elements.
    @inlinable public var count: Int { scalars.count }
    /// True for a rank-0 tensor.
    @inlinable public var isScalar: Bool { shape.isEmpty }

    /// The single element of a tensor holding exactly one, whatever its rank.
    @inlinable public var scalarValue: Double? { scalars.count == 1 ? scalars[0] : nil }

    /// The element at a full multi-index, or a typed error when the index does
    /// not fit the shape. Negative indices count from the end.
    public func element(at index: [Int]) throws -> Double {
        guard index.count == rank else {
            throw TensorError.index("index", "\(index.count) indices given for a tensor of rank \(rank)")
        }
        var offset = 0
        for (axis, i) in index.enumerated() {
            let n = shape[axis]
            let resolved = i < 0 ? i + n : i
            guard resolved >= 0, resolved < n else {
                throw TensorError.index("index", "index \(i) is out of range for axis \(axis) with size \(n)")
            }
            offset = offset * n + resolved
        }
        return scalars[offset]
    }

    /// Unchecked matrix element access for this module's kernels, whose indices are known valid.
    subscript(i: Int, j: Int) -> Double {
        get { scalars[i * shape[1] + j] }
        set { scalars[i * shape[1] + j] = newValue }
    }
}

// MARK: - Constructors

extension Tensor {
    /// A tensor of `shape` with every element equal to `value`.
    public static func full(_ shape: [Int], _ value: Double) throws -> Tensor {
        let count = try Shape.checkedCount(shape, operation: "full")
        return Tensor(unchecked: shape, [Double](repeating: value, count: count))
    }

    /// A tensor of zeros.
    public static func zeros(_ shape: [Int]) throws -> Tensor { try full(shape, 0) }

    /// A tensor of ones.
    public static func ones(_ shape: [Int]) throws -> Tensor { try full(shape, 1) }

    /// A zero tensor with the same shape as `other`.
    public static func zeros(like other: Tensor) -> Tensor {
        Tensor(unchecked: other.shape, [Double](repeating: 0, count: other.count))
    }

    /// The n×n identity matrix.
    public static func identity(_ n: Int) throws -> Tensor {
        var result = try zeros([n, n])
        for i in 0..<n { result.scalars[i * n + i] = 1 }
        return result
    }

    /// `count` evenly spaced values from `start` to `end`, both included (numpy's `linspace`).
    public static func linspace(_ start: Double, _ end: Double, count: Int) throws -> Tensor {
        _ = try Shape.checkedCount([count], operation: "linspace")
        if count == 1 { return Tensor([start]) }
        let step = (end - start) / Double(Swift.max(count - 1, 1))
        return Tensor((0..<count).map { i in i == count - 1 ? end : start + Double(i) * step })
    }

    /// The integers `start, start+1, …, end-1` as a vector.
    public static func arange(_ start: Int, _ end: Int) throws -> Tensor {
        let n = Swift.max(0, end - start)
        _ = try Shape.checkedCount([n], operation: "arange")
        return Tensor((0..<n).map { Double(start + $0) })
    }
}
