/// One entry of an index expression like `W[1:3, -1]` or `W[:, ::2]`.
public enum IndexSpec: Sendable, Equatable, CustomStringConvertible {
    /// A single position (negative counts from the end); removes the axis.
    case at(Int)
    /// A numpy slice `start:end:step`; `nil` bounds mean "from the edge". Keeps the axis.
    case range(start: Int?, end: Int?, step: Int?)

    /// `:` — the whole axis.
    public static let all = IndexSpec.range(start: nil, end: nil, step: nil)

    public var description: String {
        switch self {
        case .at(let i): return "\(i)"
        case .range(let s, let e, let st):
            let base = "\(s.map(String.init) ?? ""):\(e.map(String.init) ?? "")"
            return st.map { base + ":\($0)" } ?? base
        }
    }
}

/// The positions an index expression selects, resolved against a shape.
struct ResolvedIndex {
    /// The selected positions along each indexed axis.
    var positions: [[Int]]
    /// The shape of the result.
    var shape: [Int]

    init(_ specs: [IndexSpec], shape: [Int]) throws {
        guard specs.count <= shape.count else {
            throw TensorError.index("index", "\(specs.count) indices given for a tensor of shape \(describeShape(shape)), which has \(shape.count) axes")
        }
        positions = []
        self.shape = []
        for (axis, size) in shape.enumerated() {
            let spec = axis < specs.count ? specs[axis] : .all
            switch spec {
            case .at(let i):
                let resolved = i < 0 ? i + size : i
                guard resolved >= 0, resolved < size else {
                    throw TensorError.index("index", "index \(i) is out of range for axis \(axis) with size \(size)")
                }
                positions.append([resolved])
            case .range(let start, let end, let step):
                let step = step ?? 1
                guard step != 0 else { throw TensorError.value("slice", "slice step cannot be zero") }
                let picked = ResolvedIndex.slicePositions(size: size, start: start, end: end, step: step)
                positions.append(picked)
                self.shape.append(picked.count)
            }
        }
    }

    /// numpy's slice rules: bounds clamp to the axis, negative ones count from the end.
    static func slicePositions(size: Int, start: Int?, end: Int?, step: Int) -> [Int] {
        func clamp(_ v: Int, _ low: Int, _ high: Int) -> Int { Swift.min(Swift.max(v, low), high) }
        func resolve(_ v: Int) -> Int { v < 0 ? v + size : v }
        if step > 0 {
            let s = clamp(start.map(resolve) ?? 0, 0, size)
            let e = clamp(end.map(resolve) ?? size, 0, size)
            return s < e ? Array(stride(from: s, to: e, by: step)) : []
        } else {
            let s = clamp(start.map(resolve) ?? size - 1, -1, size - 1)
            let e = clamp(end.map(resolve) ?? -1, -1, size - 1)
            return s > e ? Array(stride(from: s, to: e, by: step)) : []
        }
    }

    /// Calls `body(sourceOffset, resultOffset)` for each selected element, in row-major order.
    func forEachOffset(sourceShape: [Int], _ body: (Int, Int) -> Void) {
        let strides = Shape.strides(sourceShape)
        var out = 0
        func walk(_ axis: Int, _ offset: Int) {
            if axis == positions.count {
                body(offset, out)
                out += 1
                return
            }
            for p in positions[axis] { walk(axis + 1, offset + p * strides[axis]) }
        }
        if positions.allSatisfy({ !$0.isEmpty }) { walk(0, 0) }
    }
}

extension Tensor {
    /// Selects elements by an index expression: integers drop an axis, ranges keep it.
    ///
    /// `W[1]` is `[.at(1)]`; `W[:, 1]` is `[.all, .at(1)]`; `W[1:3]` is `[.range(start: 1, end: 3, step: nil)]`.
    public func indexed(_ specs: [IndexSpec]) throws -> Tensor {
        if let line = try wholeLine(specs) { return line }
        let index = try ResolvedIndex(specs, shape: shape)
        var out = [Double](repeating: 0, count: index.shape.reduce(1, *))
        index.forEachOffset(sourceShape: shape) { src, dst in out[dst] = scalars[src] }
        return Tensor(unchecked: index.shape, out)
    }

    /// The adjoint of ``indexed(_:)``: a tensor of `shape` that is zero except
    /// where `specs` selects, which receives `values` (added, so repeats accumulate).
    public static func scatter(_ values: Tensor, into shape: [Int], at specs: [IndexSpec]) throws -> Tensor {
        let index = try ResolvedIndex(specs, shape: shape)
        guard index.shape == values.shape else {
            throw TensorError.shape("scatter", "values of shape \(describeShape(values.shape)) do not fit the selection of shape \(describeShape(index.shape))")
        }
        var result = try Tensor.zeros(shape)
        index.forEachOffset(sourceShape: shape) { dst, src in result.scalars[dst] += values.scalars[src] }
        return result
    }

    /// Writes `values` (broadcast to the selection) into the selected positions, returning the new tensor.
    public func replacing(_ specs: [IndexSpec], with values: Tensor) throws -> Tensor {
        let index = try ResolvedIndex(specs, shape: shape)
        let fitted = try values.broadcast(to: index.shape)
        var result = self
        index.forEachOffset(sourceShape: shape) { dst, src in result.scalars[dst] = fitted.scalars[src] }
        return result
    }
}

extension Tensor {
    /// The common picks without the general walk: one element (`x[i]`, `W[i, j]`), a row
    /// `W[i]` and a column `W[:, j]` of a matrix. Nil for anything else.
    private func wholeLine(_ specs: [IndexSpec]) throws -> Tensor? {
        func position(_ i: Int, axis: Int) throws -> Int {
            let size = shape[axis], resolved = i < 0 ? i + size : i
            guard resolved >= 0, resolved < size else {
                throw TensorError.index("index", "index \(i) is out of range for axis \(axis) with size \(size)")
            }
            return resolved
        }
        switch (rank, specs.count, specs.first, specs.last) {
        case (1, 1, .at(let i)?, _):
            return Tensor(scalars[try position(i, axis: 0)])
        case (2, 2, .at(let i)?, .at(let j)?):
            return Tensor(scalars[try position(i, axis: 0) * shape[1] + position(j, axis: 1)])
        case (2, 1, .at(let i)?, _), (2, 2, .at(let i)?, IndexSpec.all?):
            let n = shape[1], row = try position(i, axis: 0)
            return Tensor(Array(scalars[row * n ..< row * n + n]))
        case (2, 2, IndexSpec.all?, .at(let j)?):
            let (m, n) = (shape[0], shape[1])
            let column = try position(j, axis: 1)
            // A column is read with a stride: one pass over the rows, no bounds checks (the
            // input picked by a one-hot vector, `Wxh[:, x]`, at every step of a recurrence).
            let values = [Double](unsafeUninitializedCapacity: m) { buffer, initialized in
                scalars.withUnsafeBufferPointer { source in
                    guard let base = source.baseAddress, let target = buffer.baseAddress else { return }
                    for row in 0..<m { target[row] = base[row * n + column] }
                }
                initialized = m
            }
            return Tensor(values)
        default:
            return nil
        }
    }
}
