import NativeKernels
import NativeKernelsAVX2

/// One build of the native kernels (NativeKernels or NativeKernelsAVX2, the same
/// source compiled twice) as function values, so a caller picks the build once —
/// ``NativeInstructionSet/kernels`` — and calls through it. Each field runs the
/// NativeKernels function of the same name; see there for what it computes.
public struct NativeKernelTable: Sendable {
    public typealias Matvec = @Sendable (_ rows: Int, _ columns: Int, _ w: UnsafePointer<Double>, _ x: UnsafePointer<Double>,
                                         _ y: UnsafeMutablePointer<Double>, _ descending: Bool, _ accumulate: Bool) -> Void
    /// `y (+)= W·x` in dot form.
    public let matvec: Matvec
    /// `y (+)= Wᵀ·x` in row-combination form.
    public let matvecTransposed: Matvec
    /// `W[i, :] += s[i]·u` for the rows with a non-zero scale.
    public let addOuterProduct: @Sendable (_ rows: Int, _ columns: Int, _ scales: UnsafePointer<Double>, _ u: UnsafePointer<Double>,
                                           _ w: UnsafeMutablePointer<Double>) -> Void
    /// `C (+)= A·B` with packed panels (A by strides, B row-major; see `gemm`).
    public let gemm: @Sendable (_ m: Int, _ n: Int, _ k: Int, _ a: UnsafePointer<Double>, _ aRowStride: Int, _ aColumnStride: Int,
                                _ b: UnsafePointer<Double>, _ ldb: Int, _ c: UnsafeMutablePointer<Double>, _ ldc: Int,
                                _ accumulate: Bool, _ scratch: UnsafeMutablePointer<Double>) -> Void
    /// `C ← α·op(A)·op(B) + β·C`, cache-blocked (see `blockedGemm`); behind ``Tensor/gemm(transposeA:transposeB:m:n:k:alpha:a:lda:b:ldb:beta:c:ldc:)``.
    public let blockedGemm: @Sendable (_ m: Int, _ n: Int, _ k: Int, _ alpha: Double,
                                       _ a: UnsafePointer<Double>, _ aRowStride: Int, _ aColumnStride: Int,
                                       _ b: UnsafePointer<Double>, _ bRowStride: Int, _ bColumnStride: Int,
                                       _ beta: Double, _ c: UnsafeMutablePointer<Double>, _ ldc: Int) -> Void
    /// Doubles of scratch space `gemm` needs for an `m × n × k` product.
    public let gemmScratchCount: @Sendable (_ m: Int, _ n: Int, _ k: Int) -> Int
    /// Adagrad: `m += g²; p += (−lr·g)/√(m + ε)` over n values.
    public let adagradUpdate: @Sendable (_ p: UnsafeMutablePointer<Double>, _ g: UnsafePointer<Double>, _ m: UnsafeMutablePointer<Double>,
                                         _ n: Int, _ lr: Double, _ eps: Double) -> Void
    /// Clips n values to ±limit; returns a finiteness probe and the sum of squares before clipping.
    public let clipElementwise: @Sendable (_ g: UnsafeMutablePointer<Double>, _ n: Int, _ limit: Double) -> (probe: Double, squares: Double)
    /// tanh of n values in place.
    public let tanhInPlace: @Sendable (_ x: UnsafeMutablePointer<Double>, _ n: Int) -> Void
    /// The sum of n doubles read once (a streaming read).
    public let streamingSum: @Sendable (_ p: UnsafePointer<Double>, _ n: Int) -> Double

    /// The baseline x86-64 build (SSE2), or the target's default elsewhere.
    public static let baseline = NativeKernelTable(
        matvec: { NativeKernels.matvec(rows: $0, columns: $1, w: $2, x: $3, y: $4, descending: $5, accumulate: $6) },
        matvecTransposed: { NativeKernels.matvecTransposed(rows: $0, columns: $1, w: $2, x: $3, y: $4, descending: $5, accumulate: $6) },
        addOuterProduct: { NativeKernels.addOuterProduct(rows: $0, columns: $1, scales: $2, $3, to: $4) },
        gemm: { NativeKernels.gemm(m: $0, n: $1, k: $2, a: $3, aRowStride: $4, aColumnStride: $5, b: $6, ldb: $7,
                                   c: $8, ldc: $9, accumulate: $10, scratch: $11) },
        blockedGemm: { NativeKernels.blockedGemm(m: $0, n: $1, k: $2, alpha: $3, a: $4, aRowStride: $5, aColumnStride: $6,
                                          b: $7, bRowStride: $8, bColumnStride: $9, beta: $10, c: $11, ldc: $12) },
        gemmScratchCount: { NativeKernels.gemmScratchCount(m: $0, n: $1, k: $2) },
        adagradUpdate: { NativeKernels.adagradUpdate($0, $1, $2, $3, $4, $5) },
        clipElementwise: { NativeKernels.clipElementwise($0, $1, limit: $2) },
        tanhInPlace: { NativeKernels.tanhInPlace($0, count: $1) },
        streamingSum: { NativeKernels.streamingSum($0, count: $1) })

    /// The AVX2 build (`-target-cpu haswell`); only for CPUs with ``NativeInstructionSet/cpuHasAVX2``.
    public static let avx2 = NativeKernelTable(
        matvec: { NativeKernelsAVX2.matvec(rows: $0, columns: $1, w: $2, x: $3, y: $4, descending: $5, accumulate: $6) },
        matvecTransposed: { NativeKernelsAVX2.matvecTransposed(rows: $0, columns: $1, w: $2, x: $3, y: $4, descending: $5, accumulate: $6) },
        addOuterProduct: { NativeKernelsAVX2.addOuterProduct(rows: $0, columns: $1, scales: $2, $3, to: $4) },
        gemm: { NativeKernelsAVX2.gemm(m: $0, n: $1, k: $2, a: $3, aRowStride: $4, aColumnStride: $5, b: $6, ldb: $7,
                                       c: $8, ldc: $9, accumulate: $10, scratch: $11) },
        blockedGemm: { NativeKernelsAVX2.blockedGemm(m: $0, n: $1, k: $2, alpha: $3, a: $4, aRowStride: $5, aColumnStride: $6,
                                          b: $7, bRowStride: $8, bColumnStride: $9, beta: $10, c: $11, ldc: $12) },
        gemmScratchCount: { NativeKernelsAVX2.gemmScratchCount(m: $0, n: $1, k: $2) },
        adagradUpdate: { NativeKernelsAVX2.adagradUpdate($0, $1, $2, $3, $4, $5) },
        clipElementwise: { NativeKernelsAVX2.clipElementwise($0, $1, limit: $2) },
        tanhInPlace: { NativeKernelsAVX2.tanhInPlace($0, count: $1) },
        streamingSum: { NativeKernelsAVX2.streamingSum($0, count: $1) })
}
