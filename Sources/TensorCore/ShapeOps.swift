/// Operations that rearrange elements: reshape, transpose, permute, concat,
/// stack, diag, outer, one-hot.
extension Tensor {
    /// The same elements under a new shape; one dimension may be −1 (inferred).
    public func reshaped(_ newShape: [Int]) throws -> Tensor {
        var resolved = newShape
        let unknown = newShape.indices.filter { newShape[$0] == -1 }
        if unknown.count > 1 { throw TensorError.value("reshape", "only one dimension can be -1, got \(describeShape(newShape))") }
        if let axis = unknown.first {
            let known = newShape.enumerated().filter { $0.offset != axis }.map(\.element)
            let partial = try Shape.checkedCount(known, operation: "reshape")
            guard partial > 0, count % partial == 0 else {
                throw TensorError.shape("reshape", "cannot reshape \(count) elements of shape \(describeShape(shape)) into \(describeShape(newShape))")
            }
            resolved[axis] = count / partial
        }
        let n = try Shape.checkedCount(resolved, operation: "reshape")
        guard n == count else {
            throw TensorError.shape("reshape", "cannot reshape \(count) elements of shape \(describeShape(shape)) into \(describeShape(newShape)), which holds \(n)")
        }
        return Tensor(unchecked: resolved, scalars)
    }

    /// The matrix transpose; a vector or scalar is returned unchanged (as in numpy).
    public func transposed() throws -> Tensor {
        switch rank {
        case 0, 1: return self
        case 2:
            let (m, n) = (shape[0], shape[1])
            var out = [Double](repeating: 0, count: count)
            scalars.withUnsafeBufferPointer { src in
                out.withUnsafeMutableBufferPointer { dst in
                    // Blocked so both sides stay in cache for large matrices.
                    let block = 32
                    for ib in stride(from: 0, to: m, by: block) {
                        for jb in stride(from: 0, to: n, by: block) {
                            for i in ib..<Swift.min(ib + block, m) {
                                for j in jb..<Swift.min(jb + block, n) { dst[j * m + i] = src[i * n + j] }
                            }
                        }
                    }
                }
            }
            return Tensor(unchecked: [n, m], out)
        default:
            return try permuted(Array((0..<rank).reversed()))
        }
    }

    /// Reorders the axes: result axis k is this tensor's axis `order[k]`.
    public func permuted(_ order: [Int]) throws -> Tensor {
        guard order.count == rank, Set(order) == Set(0..<rank) else {
            throw TensorError.value("permute", "\(order) is not a permutation of the \(rank) axes of shape \(describeShape(shape))")
        }
        let newShape = order.map { shape[$0] }
        let oldStrides = Shape.strides(shape)
        let readStrides = order.map { oldStrides[$0] }
        var out = [Double](repeating: 0, count: count)
        var index = [Int](repeating: 0, count: rank)
        var offset = 0
        for k in 0..<count {
            out[k] = scalars[offset]
            var axis = rank - 1
            while axis >= 0 {
                index[axis] += 1
                offset += readStrides[axis]
                if index[axis] < newShape[axis] { break }
                offset -= readStrides[axis] * index[axis]
                index[axis] = 0
                axis -= 1
            }
        }
        return Tensor(unchecked: newShape, out)
    }

    /// Joins tensors along an existing axis; all other sizes must agree.
    public static func concat(_ tensors: [Tensor], axis: Int = 0) throws -> Tensor {
        guard let first = tensors.first else { throw TensorError.value("concat", "needs at least one tensor") }
        guard first.rank > 0 else { throw TensorError.shape("concat", "cannot concatenate scalars; use stack") }
        let axis = try Shape.normalizeAxis(axis, rank: first.rank, operation: "concat")
        for (i, t) in tensors.enumerated() {
            var a = t.shape, b = first.shape
            guard a.count == b.count else {
                throw TensorError.shape("concat", "tensor \(i) has shape \(describeShape(t.shape)) but tensor 0 has \(describeShape(first.shape)); ranks differ")
            }
            a[axis] = 0; b[axis] = 0
            guard a == b else {
                throw TensorError.shape("concat", "shapes \(describeShape(first.shape)) and \(describeShape(t.shape)) differ outside axis \(axis)")
            }
        }
        var newShape = first.shape
        newShape[axis] = tensors.reduce(0) { $0 + $1.shape[axis] }
        let total = try Shape.checkedCount(newShape, operation: "concat")
        let outer = first.shape[..<axis].reduce(1, *)
        var out = [Double]()
        out.reserveCapacity(total)
        for o in 0..<outer {
            for t in tensors {
                let chunk = t.count / Swift.max(outer, 1)
                out.append(contentsOf: t.scalars[(o * chunk)..<((o + 1) * chunk)])
            }
        }
        return Tensor(unchecked: newShape, out)
    }

    /// Stacks equal-shaped tensors along a new axis.
    public static func stack(_ tensors: [Tensor], axis: Int = 0) throws -> Tensor {
        guard let first = tensors.first else { throw TensorError.value("stack", "needs at least one tensor") }
        for (i, t) in tensors.enumerated() where t.shape != first.shape {
            throw TensorError.shape("stack", "tensor \(i) has shape \(describeShape(t.shape)) but tensor 0 has \(describeShape(first.shape)); stacked tensors must match")
        }
        let axis = try Shape.normalizeAxis(axis, rank: first.rank + 1, operation: "stack")
        var expanded = first.shape
        expanded.insert(1, at: axis)
        _ = try Shape.checkedCount(expanded, operation: "stack")
        return try concat(tensors.map { Tensor(unchecked: expanded, $0.scalars) }, axis: axis)
    }

    /// A vector becomes the diagonal of a square matrix; a matrix gives its main diagonal.
    public func diag() throws -> Tensor {
        switch rank {
        case 1:
            let n = count
            var out = try Tensor.zeros([n, n])
            for i in 0..<n { out.scalars[i * n + i] = scalars[i] }
            return out
        case 2:
            let n = Swift.min(shape[0], shape[1])
            return Tensor((0..<n).map { scalars[$0 * shape[1] + $0] })
        default:
            throw TensorError.shape("diag", "expects a vector or a matrix, got shape \(describeShape(shape))")
        }
    }

    /// The outer product of two vectors: result[i, j] = a[i]·b[j].
    public static func outer(_ a: Tensor, _ b: Tensor) throws -> Tensor {
        guard a.rank == 1, b.rank == 1 else {
            throw TensorError.shape("outer", "expects two vectors, got shapes \(describeShape(a.shape)) and \(describeShape(b.shape))")
        }
        _ = try Shape.checkedCount([a.count, b.count], operation: "outer")
        var out = [Double](repeating: 0, count: a.count * b.count)
        for i in 0..<a.count { for j in 0..<b.count { out[i * b.count + j] = a.scalars[i] * b.scalars[j] } }
        return Tensor(unchecked: [a.count, b.count], out)
    }

    /// One-hot rows: for each index k, a vector of `depth` zeros with a 1 at k.
    /// A single index gives a vector; a vector of n indices gives an (n, depth) matrix.
    public static func oneHot(_ indices: [Int], depth: Int) throws -> Tensor {
        _ = try Shape.checkedCount([indices.count, depth], operation: "onehot")
        var out = [Double](repeating: 0, count: indices.count * depth)
        for (row, k) in indices.enumerated() {
            guard k >= 0, k < depth else {
                throw TensorError.index("onehot", "index \(k) is out of range for depth \(depth)")
            }
            out[row * depth + k] = 1
        }
        return Tensor(unchecked: [indices.count, depth], out)
    }
}
