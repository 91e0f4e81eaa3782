import Foundation

/// Reductions over all elements or along one axis.
///
/// An axis reduction views the tensor as `[outer, n, inner]` around the axis
/// and folds the middle dimension; `keepDims` keeps it with size 1.
extension Tensor {
    /// Folds `axis` with `reduce`, which receives the `n` values along the axis
    /// (a strided view, copied to a small buffer) and returns one number.
    func reduce(axis: Int, keepDims: Bool, operation: String, _ reduce: ([Double]) -> Double) throws -> Tensor {
        let axis = try Shape.normalizeAxis(axis, rank: rank, operation: operation)
        let n = shape[axis]
        let outer = shape[..<axis].reduce(1, *)
        let inner = shape[(axis + 1)...].reduce(1, *)
        if n == 0 && operation != "sum" && operation != "mean" {
            throw TensorError.value(operation, "cannot take the \(operation) of an empty axis \(axis) of shape \(describeShape(shape))")
        }
        var out = [Double](repeating: 0, count: outer * inner)
        var line = [Double](repeating: 0, count: n)
        for o in 0..<outer {
            for i in 0..<inner {
                let base = o * n * inner + i
                for k in 0..<n { line[k] = scalars[base + k * inner] }
                out[o * inner + i] = reduce(line)
            }
        }
        var newShape = shape
        if keepDims { newShape[axis] = 1 } else { newShape.remove(at: axis) }
        return Tensor(unchecked: newShape, out)
    }

    /// The sum of all elements, as a rank-0 tensor.
    public func sum() -> Tensor { Tensor(Tensor.pairwiseSum(scalars[...])) }
    /// The sum along `axis` (negative counts from the end).
    public func sum(axis: Int, keepDims: Bool = false) throws -> Tensor {
        try reduce(axis: axis, keepDims: keepDims, operation: "sum") { Tensor.pairwiseSum($0[...]) }
    }

    /// The mean of all elements (NaN for an empty tensor).
    public func mean() -> Tensor { Tensor(Tensor.pairwiseSum(scalars[...]) / Double(count)) }
    public func mean(axis: Int, keepDims: Bool = false) throws -> Tensor {
        try reduce(axis: axis, keepDims: keepDims, operation: "mean") { Tensor.pairwiseSum($0[...]) / Double($0.count) }
    }

    /// The largest element; NaN if any element is NaN.
    public func max() throws -> Tensor {
        guard count > 0 else { throw TensorError.value("max", "cannot take the max of an empty tensor") }
        return Tensor(Tensor.extreme(scalars, >))
    }
    public func max(axis: Int, keepDims: Bool = false) throws -> Tensor {
        try reduce(axis: axis, keepDims: keepDims, operation: "max") { Tensor.extreme($0, >) }
    }

    /// The smallest element; NaN if any element is NaN.
    public func min() throws -> Tensor {
        guard count > 0 else { throw TensorError.value("min", "cannot take the min of an empty tensor") }
        return Tensor(Tensor.extreme(scalars, <))
    }
    public func min(axis: Int, keepDims: Bool = false) throws -> Tensor {
        try reduce(axis: axis, keepDims: keepDims, operation: "min") { Tensor.extreme($0, <) }
    }

    /// The flat row-major index of the largest element (the first, on ties).
    public func argmax() throws -> Int {
        guard count > 0 else { throw TensorError.value("argmax", "cannot take the argmax of an empty tensor") }
        return Tensor.argExtreme(scalars)
    }
    /// The index of the largest element along `axis`.
    public func argmax(axis: Int) throws -> Tensor {
        try reduce(axis: axis, keepDims: false, operation: "argmax") { Double(Tensor.argExtreme($0)) }
    }

    /// log Σ exp(x), computed as m + log Σ exp(x − m) so it never overflows.
    public func logsumexp() throws -> Tensor {
        guard count > 0 else { throw TensorError.value("logsumexp", "cannot take the logsumexp of an empty tensor") }
        return Tensor(Tensor.stableLogSumExp(scalars))
    }
    public func logsumexp(axis: Int, keepDims: Bool = false) throws -> Tensor {
        try reduce(axis: axis, keepDims: keepDims, operation: "logsumexp", Tensor.stableLogSumExp)
    }

    /// The Frobenius norm (the 2-norm of a vector): √Σx², scaled to avoid overflow.
    public func norm() -> Tensor {
        let scale = scalars.reduce(0.0) { Swift.max($0, Swift.abs($1)) }
        if scale == 0 || !scale.isFinite { return Tensor(scalars.contains { $0.isNaN } ? .nan : scale) }
        let sumSquares = Tensor.pairwiseSum(scalars.map { ($0 / scale) * ($0 / scale) }[...])
        return Tensor(scale * Foundation.sqrt(sumSquares))
    }

    // MARK: Helpers

    /// Pairwise summation: error grows as O(log n) instead of O(n).
    static func pairwiseSum(_ values: ArraySlice<Double>) -> Double {
        if values.count <= 32 {
            var total = 0.0
            for v in values { total += v }
            return total
        }
        let middle = values.startIndex + values.count / 2
        return pairwiseSum(values[..<middle]) + pairwiseSum(values[middle...])
    }

    static func extreme(_ values: [Double], _ better: (Double, Double) -> Bool) -> Double {
        var best = values[0]
        for v in values {
            if v.isNaN { return .nan }
            if better(v, best) { best = v }
        }
        return best
    }

    static func argExtreme(_ values: [Double]) -> Int {
        var best = 0
        for (i, v) in values.enumerated() {
            if v.isNaN { return i }
            if v > values[best] { best = i }
        }
        return best
    }

    static func stableLogSumExp(_ values: [Double]) -> Double {
        let m = extreme(values, >)
        if !m.isFinite { return m }
        return m + Foundation.log(values.reduce(0.0) { $0 + Foundation.exp($1 - m) })
    }
}
