import Foundation
import NativeKernelInterface
import NativeKernels

/// Elementwise operations: unary maps and numpy-broadcasting binary ops.
///
/// Each has a plain forward definition here; derivatives live with the
/// autodiff primitives, once.
extension Tensor {
    /// Applies `transform` to every element.
    @inlinable
    public func map(_ transform: (Double) -> Double) -> Tensor {
        Tensor(unchecked: shape, scalars.map(transform))
    }

    /// Combines two tensors elementwise after numpy broadcasting.
    ///
    /// - Complexity: O(n) in the size of the broadcast result; equal shapes and
    ///   scalar operands take a direct loop.
    public func zip(_ other: Tensor, operation: String, _ combine: (Double, Double) -> Double) throws -> Tensor {
        if shape == other.shape {
            var out = [Double](repeating: 0, count: count)
            scalars.withUnsafeBufferPointer { a in
                other.scalars.withUnsafeBufferPointer { b in
                    for i in 0..<a.count { out[i] = combine(a[i], b[i]) }
                }
            }
            return Tensor(unchecked: shape, out)
        }
        let resultShape = try Shape.broadcast(shape, other.shape, operation: operation)
        let n = try Shape.checkedCount(resultShape, operation: operation)
        if other.count == 1 && other.rank <= rank {
            let b = other.scalars[0]
            return Tensor(unchecked: resultShape, scalars.map { combine($0, b) })
        }
        if count == 1 && rank <= other.rank {
            let a = scalars[0]
            return Tensor(unchecked: resultShape, other.scalars.map { combine(a, $0) })
        }
        let aStrides = Shape.broadcastStrides(shape, to: resultShape)
        let bStrides = Shape.broadcastStrides(other.shape, to: resultShape)
        var out = [Double](repeating: 0, count: n)
        var index = [Int](repeating: 0, count: resultShape.count)
        var aOffset = 0, bOffset = 0
        for k in 0..<n {
            out[k] = combine(scalars[aOffset], other.scalars[bOffset])
            // Advance the multi-index like an odometer, keeping both offsets in step.
            var axis = resultShape.count - 1
            while axis >= 0 {
                index[axis] += 1
                aOffset += aStrides[axis]
                bOffset += bStrides[axis]
                if index[axis] < resultShape[axis] { break }
                aOffset -= aStrides[axis] * index[axis]
                bOffset -= bStrides[axis] * index[axis]
                index[axis] = 0
                axis -= 1
            }
        }
        return Tensor(unchecked: resultShape, out)
    }

    /// Repeats this tensor to `target`, a shape it broadcasts to.
    public func broadcast(to target: [Int]) throws -> Tensor {
        if shape == target { return self }
        let joined = try Shape.broadcast(shape, target, operation: "broadcast")
        guard joined == target else {
            throw TensorError.shape("broadcast", "shape \(describeShape(shape)) cannot be broadcast to \(describeShape(target))")
        }
        return try zip(Tensor.zeros(target), operation: "broadcast") { a, _ in a }
    }

    /// Sums this tensor down to `target`, undoing a broadcast (the adjoint of ``broadcast(to:)``).
    ///
    /// Every binary pullback calls this once to return a gradient of its operand's shape.
    public func unbroadcast(to target: [Int]) throws -> Tensor {
        if shape == target { return self }
        var result = self
        while result.rank > target.count { result = try result.sum(axis: 0) }
        for axis in 0..<target.count where target[axis] == 1 && result.shape[axis] != 1 {
            result = try result.sum(axis: axis, keepDims: true)
        }
        guard result.shape == target else {
            throw TensorError.shape("unbroadcast", "cannot reduce shape \(describeShape(shape)) to \(describeShape(target))")
        }
        return result
    }
}

extension Shape {
    /// Strides for reading `shape` as if broadcast to `target`: 0 along every
    /// broadcast (size-1 or missing) axis.
    static func broadcastStrides(_ shape: [Int], to target: [Int]) -> [Int] {
        let own = strides(shape)
        let lead = target.count - shape.count
        return (0..<target.count).map { axis in
            axis < lead || shape[axis - lead] == 1 ? 0 : own[axis - lead]
        }
    }
}

// MARK: - Arithmetic

extension Tensor {
    public static func + (a: Tensor, b: Tensor) throws -> Tensor { try a.arithmetic(b, "add", .add) { $0 + $1 } }
    public static func - (a: Tensor, b: Tensor) throws -> Tensor { try a.arithmetic(b, "subtract", .subtract) { $0 - $1 } }
    public static func * (a: Tensor, b: Tensor) throws -> Tensor { try a.arithmetic(b, "multiply", .multiply) { $0 * $1 } }
    public static func / (a: Tensor, b: Tensor) throws -> Tensor { try a.arithmetic(b, "divide", .divide) { $0 / $1 } }

    /// From this many values on, equal shapes and scalar operands go to the native
    /// kernels (four lanes in the AVX2 build); below it a loop here costs less than the call.
    @usableFromInline static let nativeElementwiseMinimum = 32

    /// ``zip(_:operation:_:)`` with the equal-shape and scalar cases done in one pass:
    /// by the native kernel `kernel` for larger tensors, by a loop with `combine` inlined
    /// for small ones (the four arithmetic operators run on every tensor the optimisers
    /// and pullbacks touch). The kernel and `combine` are the same IEEE operation.
    @inline(__always)
    private func arithmetic(_ other: Tensor, _ operation: String, _ kernel: ArithmeticOperator,
                            _ combine: (Double, Double) -> Double) throws -> Tensor {
        let sameShape = shape == other.shape
        let otherIsScalar = !sameShape && other.count == 1 && other.rank <= rank
        let selfIsScalar = !sameShape && !otherIsScalar && count == 1 && rank <= other.rank
        guard sameShape || otherIsScalar || selfIsScalar else { return try zip(other, operation: operation, combine) }
        let n = selfIsScalar ? other.count : count
        let out = [Double](unsafeUninitializedCapacity: n) { buffer, initialized in
            scalars.withUnsafeBufferPointer { a in
                other.scalars.withUnsafeBufferPointer { b in
                    guard let x = a.baseAddress, let y = b.baseAddress, let z = buffer.baseAddress else { return }
                    let xStep = selfIsScalar ? 0 : 1, yStep = otherIsScalar ? 0 : 1
                    if n >= Tensor.nativeElementwiseMinimum {
                        NativeInstructionSet.activeKernels.arithmetic(kernel, x, xStep, y, yStep, z, n)
                    } else {
                        for i in 0..<n { z[i] = combine(x[i * xStep], y[i * yStep]) }
                    }
                }
            }
            initialized = n
        }
        return Tensor(unchecked: selfIsScalar ? other.shape : shape, out)
    }
    public static prefix func - (a: Tensor) -> Tensor { a.map { -$0 } }

    /// Elementwise power `a ** b` (IEEE `pow`: a negative base with a fractional exponent gives NaN).
    public func pow(_ exponent: Tensor) throws -> Tensor { try zip(exponent, operation: "power", Foundation.pow) }
    /// Elementwise maximum (NaN if either is NaN).
    public func maximum(_ other: Tensor) throws -> Tensor {
        try zip(other, operation: "maximum") { a, b in a.isNaN || b.isNaN ? .nan : Swift.max(a, b) }
    }
    /// Elementwise minimum (NaN if either is NaN).
    public func minimum(_ other: Tensor) throws -> Tensor {
        try zip(other, operation: "minimum") { a, b in a.isNaN || b.isNaN ? .nan : Swift.min(a, b) }
    }

    /// A comparison operator, producing 1 where it holds and 0 elsewhere.
    public enum Comparison: String, Sendable, CaseIterable {
        case less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">=", equal = "==", notEqual = "!="

        public func holds(_ a: Double, _ b: Double) -> Bool {
            switch self {
            case .less: return a < b
            case .lessOrEqual: return a <= b
            case .greater: return a > b
            case .greaterOrEqual: return a >= b
            case .equal: return a == b
            case .notEqual: return a != b
            }
        }
    }

    /// Elementwise comparison with broadcasting: 1 where it holds, else 0.
    public func compare(_ other: Tensor, _ comparison: Comparison) throws -> Tensor {
        try zip(other, operation: comparison.rawValue) { comparison.holds($0, $1) ? 1 : 0 }
    }
}

// MARK: - Unary functions

extension Tensor {
    public func exp() -> Tensor { map(Foundation.exp) }
    /// Natural log; negative inputs give NaN and zero gives −∞, by IEEE rules.
    public func log() -> Tensor { map(Foundation.log) }
    /// Four lanes at a time by the native kernel build the CPU picks (`tanh4`, within 3 ulp
    /// of libm's `tanh`; the character model's engine uses the same function).
    public func tanh() -> Tensor {
        var out = scalars
        out.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            NativeInstructionSet.activeKernels.tanhInPlace(base, buffer.count)
        }
        return Tensor(unchecked: shape, out)
    }
    /// The logistic function 1 / (1 + e^(−x)), computed without overflow.
    public func sigmoid() -> Tensor { map(Tensor.logistic) }
    public func relu() -> Tensor { transformed { $0 > 0 ? $0 : ($0.isNaN ? $0 : 0) } }
    /// Four lanes at a time (`sqrtpd`): `Double.squareRoot()` calls libm once per element
    /// (it must set errno for negative inputs). IEEE square roots, so the same bits.
    public func sqrt() -> Tensor {
        guard count >= Tensor.nativeElementwiseMinimum else { return transformedInLanes(vectorSquareRoot) }
        return natively { NativeInstructionSet.activeKernels.squareRoot($0, $1, $2) }
    }
    public func abs() -> Tensor { transformed { Swift.abs($0) } }
    public func square() -> Tensor { transformed { $0 * $0 } }
    /// Each element limited to `[low, high]`.
    public func clip(_ low: Double, _ high: Double) throws -> Tensor {
        guard !(low > high) else { throw TensorError.value("clip", "lower bound \(low) is above upper bound \(high)") }
        // Comparisons with NaN are false, so NaN passes through unchanged (and the selects vectorise).
        guard count >= Tensor.nativeElementwiseMinimum else { return transformed { $0 < low ? low : ($0 > high ? high : $0) } }
        return natively { NativeInstructionSet.activeKernels.clamp($0, $1, $2, low, high) }
    }

    /// ``map(_:)`` with `transform` inlined into a loop the compiler can vectorise (for
    /// the functions the optimisers apply to every parameter).
    @inline(__always)
    private func transformed(_ transform: (Double) -> Double) -> Tensor {
        let n = count
        let out = [Double](unsafeUninitializedCapacity: n) { buffer, initialized in
            scalars.withUnsafeBufferPointer { x in
                for i in 0..<n { buffer[i] = transform(x[i]) }
            }
            initialized = n
        }
        return Tensor(unchecked: shape, out)
    }

    /// A new tensor of this shape filled by `kernel(source, target, count)`.
    @inline(__always)
    private func natively(_ kernel: (UnsafePointer<Double>, UnsafeMutablePointer<Double>, Int) -> Void) -> Tensor {
        let n = count
        let out = [Double](unsafeUninitializedCapacity: n) { buffer, initialized in
            scalars.withUnsafeBufferPointer { x in
                guard let source = x.baseAddress, let target = buffer.baseAddress else { return }
                kernel(source, target, n)
            }
            initialized = n
        }
        return Tensor(unchecked: shape, out)
    }

    /// ``transformed(_:)`` for a function of four lanes at once; the last, partial group is
    /// padded with zeros and only its real lanes are kept.
    @inline(__always)
    private func transformedInLanes(_ transform: (Vector4) -> Vector4) -> Tensor {
        let n = count
        let out = [Double](unsafeUninitializedCapacity: n) { buffer, initialized in
            scalars.withUnsafeBufferPointer { x in
                guard let source = x.baseAddress, let target = buffer.baseAddress else { return }
                var i = 0
                while i + 4 <= n {
                    store4(transform(load4(source + i)), target + i)
                    i += 4
                }
                if i < n {
                    var last = Vector4(repeating: 0)
                    for lane in 0..<(n - i) { last[lane] = source[i + lane] }
                    let result = transform(last)
                    for lane in 0..<(n - i) { target[i + lane] = result[lane] }
                }
            }
            initialized = n
        }
        return Tensor(unchecked: shape, out)
    }

    /// 1 / (1 + e^(−x)), stable for large |x|.
    @inlinable
    public static func logistic(_ x: Double) -> Double {
        if x >= 0 { return 1 / (1 + Foundation.exp(-x)) }
        let e = Foundation.exp(x)
        return e / (1 + e)
    }
}
