/// Shape arithmetic shared by every operation: validation, element counts,
/// strides and numpy broadcasting.
public enum Shape {
    /// The number of elements of `shape`, checked: negative sizes, overflow,
    /// ranks above ``TensorLimits/maxRank``, counts above ``TensorLimits/maxElements``
    /// and tensors the running session has no budget left for throw, naming `operation`.
    public static func checkedCount(_ shape: [Int], operation: String) throws -> Int {
        if shape.count > TensorLimits.maxRank {
            throw TensorError(.limitExceeded, operation,
                              "rank \(shape.count) is above the limit of \(TensorLimits.maxRank) dimensions")
        }
        var count = 1
        for dim in shape {
            if dim < 0 {
                throw TensorError.value(operation, "negative size \(dim) in shape \(describeShape(shape))")
            }
            let (product, overflow) = count.multipliedReportingOverflow(by: dim)
            if overflow || product > TensorLimits.maxElements {
                throw TensorError(.limitExceeded, operation,
                                  "shape \(describeShape(shape)) asks for more than \(TensorLimits.maxElements) elements; use a smaller size")
            }
            count = product
        }
        try ExecutionContext.current?.budget.admit(.tensorBytes, count * MemoryLayout<Double>.stride, operation: operation)
        return count
    }

    /// Row-major strides: the last axis is contiguous.
    public static func strides(_ shape: [Int]) -> [Int] {
        var strides = [Int](repeating: 1, count: shape.count)
        var step = 1
        for axis in stride(from: shape.count - 1, through: 0, by: -1) {
            strides[axis] = step
            step &*= shape[axis]
        }
        return strides
    }

    /// The numpy broadcast of two shapes: aligned from the right, each pair of
    /// sizes equal or one of them 1.
    public static func broadcast(_ a: [Int], _ b: [Int], operation: String) throws -> [Int] {
        if a == b { return a }
        let rank = max(a.count, b.count)
        var result = [Int](repeating: 1, count: rank)
        for i in 0..<rank {
            let da = i < rank - a.count ? 1 : a[i - (rank - a.count)]
            let db = i < rank - b.count ? 1 : b[i - (rank - b.count)]
            if da == db || db == 1 { result[i] = da }
            else if da == 1 { result[i] = db }
            else {
                throw TensorError.shape(operation,
                    "shapes \(describeShape(a)) and \(describeShape(b)) cannot be broadcast: sizes \(da) and \(db) differ")
            }
        }
        return result
    }

    /// Resolves a possibly negative axis against `rank`.
    public static func normalizeAxis(_ axis: Int, rank: Int, operation: String) throws -> Int {
        let resolved = axis < 0 ? axis + rank : axis
        guard resolved >= 0, resolved < max(rank, 0) else {
            throw TensorError.index(operation, "axis \(axis) is out of range for a tensor of rank \(rank)")
        }
        return resolved
    }
}
