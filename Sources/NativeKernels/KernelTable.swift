import NativeKernelInterface

/// This build's kernels as one table. The same file is compiled into NativeKernels
/// (baseline x86-64) and NativeKernelsAVX2, so each build exports its own table.
public let kernelTable = NativeKernelTable(
    matvec: { matvec(rows: $0, columns: $1, w: $2, x: $3, y: $4, descending: $5, accumulate: $6) },
    matvecTransposed: { matvecTransposed(rows: $0, columns: $1, w: $2, x: $3, y: $4, descending: $5, accumulate: $6) },
    addOuterProduct: { addOuterProduct(rows: $0, columns: $1, scales: $2, $3, to: $4) },
    gemm: { gemm(m: $0, n: $1, k: $2, a: $3, aRowStride: $4, aColumnStride: $5, b: $6, ldb: $7, c: $8, ldc: $9, accumulate: $10, scratch: $11) },
    gemmScratchCount: { gemmScratchCount(m: $0, n: $1, k: $2) },
    blockedGemm: { blockedGemm(m: $0, n: $1, k: $2, alpha: $3, a: $4, aRowStride: $5, aColumnStride: $6,
                               b: $7, bRowStride: $8, bColumnStride: $9, beta: $10, c: $11, ldc: $12) },
    adagradUpdate: { adagradUpdate($0, $1, $2, $3, $4, $5) },
    clipElementwise: { clipElementwise($0, $1, limit: $2) },
    sumOfSquares: { sumOfSquares($0, count: $1) },
    arithmetic: { arithmetic($0, $1, step: $2, $3, step: $4, into: $5, count: $6) },
    clamp: { clamp($0, into: $1, count: $2, low: $3, high: $4) },
    squareRoot: { squareRoot($0, into: $1, count: $2) },
    tanhInPlace: { tanhInPlace($0, count: $1) },
    streamingSum: { streamingSum($0, count: $1) },
    makeCharRNNEngine: { CharRNNEngine(hidden: $0, vocabulary: $1, capacity: $2) })

extension CharRNNEngine: CharRNNComputing {}
