/// One build of the native kernels as a table of function values. NativeKernels is
/// compiled twice from the same files — baseline x86-64 and AVX2 — and each build
/// exports its table as `kernelTable`; the caller picks a build once
/// (TensorCore's `NativeInstructionSet.activeKernels`) and calls through it. Each field is
/// the NativeKernels function of the same name; see there for what it computes.
///
/// A class, so that handing the table to a caller (every matrix–vector product of the
/// language does) retains one object rather than each of its functions.
public final class NativeKernelTable: Sendable {
    public typealias Matvec = @Sendable (_ rows: Int, _ columns: Int, _ w: UnsafePointer<Double>, _ x: UnsafePointer<Double>,
                                         _ y: UnsafeMutablePointer<Double>, _ descending: Bool, _ accumulate: Bool) -> Void
    /// `y (+)= W·x` in dot form.
    public let matvec: Matvec
    /// `y (+)= Wᵀ·x` in row-combination form.
    public let matvecTransposed: Matvec
    /// `W[i, :] += s[i]·u` for the rows with a non-zero scale.
    public let addOuterProduct: @Sendable (_ rows: Int, _ columns: Int, _ scales: UnsafePointer<Double>, _ u: UnsafePointer<Double>,
                                           _ w: UnsafeMutablePointer<Double>) -> Void
    /// `C (+)= A·B` with packed panels (A by strides, B row-major), the character model's GEMM.
    public let gemm: @Sendable (_ m: Int, _ n: Int, _ k: Int, _ a: UnsafePointer<Double>, _ aRowStride: Int, _ aColumnStride: Int,
                                _ b: UnsafePointer<Double>, _ ldb: Int, _ c: UnsafeMutablePointer<Double>, _ ldc: Int,
                                _ accumulate: Bool, _ scratch: UnsafeMutablePointer<Double>) -> Void
    /// Doubles of scratch space `gemm` needs for an `m × n × k` product.
    public let gemmScratchCount: @Sendable (_ m: Int, _ n: Int, _ k: Int) -> Int
    /// `C ← α·op(A)·op(B) + β·C`, cache-blocked, operands by strides; behind TensorCore's `Tensor.gemm` and `@`.
    public let blockedGemm: @Sendable (_ m: Int, _ n: Int, _ k: Int, _ alpha: Double,
                                       _ a: UnsafePointer<Double>, _ aRowStride: Int, _ aColumnStride: Int,
                                       _ b: UnsafePointer<Double>, _ bRowStride: Int, _ bColumnStride: Int,
                                       _ beta: Double, _ c: UnsafeMutablePointer<Double>, _ ldc: Int) -> Void
    /// Adagrad: `m += g²; p += (−lr·g)/√(m + ε)` over n values.
    public let adagradUpdate: @Sendable (_ p: UnsafeMutablePointer<Double>, _ g: UnsafePointer<Double>, _ m: UnsafeMutablePointer<Double>,
                                         _ n: Int, _ lr: Double, _ eps: Double) -> Void
    /// Clips n values to ±limit; returns a finiteness probe and the sum of squares before clipping.
    public let clipElementwise: @Sendable (_ g: UnsafeMutablePointer<Double>, _ n: Int, _ limit: Double) -> (probe: Double, squares: Double)
    /// The sum of squares of n values (four lanes, then the tail in order).
    public let sumOfSquares: @Sendable (_ p: UnsafePointer<Double>, _ n: Int) -> Double
    /// `out[i] = a[i·aStep] ∘ b[i·bStep]` for n values; a step of 0 repeats one number
    /// (the scalar operand of `W - 0.1 * g`), a step of 1 reads the operand in order.
    public let arithmetic: @Sendable (_ operation: ArithmeticOperator, _ a: UnsafePointer<Double>, _ aStep: Int,
                                      _ b: UnsafePointer<Double>, _ bStep: Int, _ out: UnsafeMutablePointer<Double>, _ n: Int) -> Void
    /// `out[i] = x[i]` limited to `[low, high]` for n values (NaN stays NaN).
    public let clamp: @Sendable (_ x: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>, _ n: Int, _ low: Double, _ high: Double) -> Void
    /// `out[i] = √x[i]` for n values (IEEE square roots).
    public let squareRoot: @Sendable (_ x: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>, _ n: Int) -> Void
    /// tanh of n values in place.
    public let tanhInPlace: @Sendable (_ x: UnsafeMutablePointer<Double>, _ n: Int) -> Void
    /// The sum of n doubles read once (a streaming read, the bandwidth reference of `UnrollBench kernels`).
    public let streamingSum: @Sendable (_ p: UnsafePointer<Double>, _ n: Int) -> Double
    /// The vanilla character RNN's engine for a hidden size, a vocabulary size and a longest sequence.
    public let makeCharRNNEngine: @Sendable (_ hidden: Int, _ vocabulary: Int, _ capacity: Int) -> any CharRNNComputing

    public init(matvec: @escaping Matvec, matvecTransposed: @escaping Matvec,
                addOuterProduct: @escaping @Sendable (Int, Int, UnsafePointer<Double>, UnsafePointer<Double>, UnsafeMutablePointer<Double>) -> Void,
                gemm: @escaping @Sendable (Int, Int, Int, UnsafePointer<Double>, Int, Int, UnsafePointer<Double>, Int,
                                           UnsafeMutablePointer<Double>, Int, Bool, UnsafeMutablePointer<Double>) -> Void,
                gemmScratchCount: @escaping @Sendable (Int, Int, Int) -> Int,
                blockedGemm: @escaping @Sendable (Int, Int, Int, Double, UnsafePointer<Double>, Int, Int, UnsafePointer<Double>, Int, Int,
                                                  Double, UnsafeMutablePointer<Double>, Int) -> Void,
                adagradUpdate: @escaping @Sendable (UnsafeMutablePointer<Double>, UnsafePointer<Double>, UnsafeMutablePointer<Double>, Int, Double, Double) -> Void,
                clipElementwise: @escaping @Sendable (UnsafeMutablePointer<Double>, Int, Double) -> (probe: Double, squares: Double),
                sumOfSquares: @escaping @Sendable (UnsafePointer<Double>, Int) -> Double,
                arithmetic: @escaping @Sendable (ArithmeticOperator, UnsafePointer<Double>, Int, UnsafePointer<Double>, Int,
                                                 UnsafeMutablePointer<Double>, Int) -> Void,
                clamp: @escaping @Sendable (UnsafePointer<Double>, UnsafeMutablePointer<Double>, Int, Double, Double) -> Void,
                squareRoot: @escaping @Sendable (UnsafePointer<Double>, UnsafeMutablePointer<Double>, Int) -> Void,
                tanhInPlace: @escaping @Sendable (UnsafeMutablePointer<Double>, Int) -> Void,
                streamingSum: @escaping @Sendable (UnsafePointer<Double>, Int) -> Double,
                makeCharRNNEngine: @escaping @Sendable (Int, Int, Int) -> any CharRNNComputing) {
        self.matvec = matvec
        self.matvecTransposed = matvecTransposed
        self.addOuterProduct = addOuterProduct
        self.gemm = gemm
        self.gemmScratchCount = gemmScratchCount
        self.blockedGemm = blockedGemm
        self.adagradUpdate = adagradUpdate
        self.clipElementwise = clipElementwise
        self.sumOfSquares = sumOfSquares
        self.arithmetic = arithmetic
        self.clamp = clamp
        self.squareRoot = squareRoot
        self.tanhInPlace = tanhInPlace
        self.streamingSum = streamingSum
        self.makeCharRNNEngine = makeCharRNNEngine
    }
}

/// The four arithmetic operators, for ``NativeKernelTable/arithmetic``.
public enum ArithmeticOperator: Sendable {
    case add, subtract, multiply, divide
}
