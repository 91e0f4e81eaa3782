import Foundation
import TensorCore

/// Dense building blocks for the native cell paths, on row-major `[Double]` buffers.
///
/// A batch of row vectors `u` (n×k) goes through a weight `W` stored out×k as in the
/// math (`a = W·u` for one column vector), so for the whole batch
///
///     A = U · Wᵀ             (n×out)
///     dU += dA · W           (n×k)
///     dW += dAᵀ · U          (out×k)
///     db += Σ_rows dA        (out)
///
/// Batches go through the public `Tensor.gemm` kernel; a single row (batch 1, the
/// character models' case) through the native matvec kernels of the build
/// ``NativeInstructionSet/active`` picks.
enum CellMath {
    /// `y ← u·wᵀ (+ y when accumulate)`, u n×k, w out×k, y n×out.
    static func linear(_ u: [Double], _ w: [Double], rows n: Int, inputs k: Int, outputs out: Int,
                       into y: inout [Double], accumulate: Bool) throws {
        if n == 1 {
            // One row: y ← W·u (+ y), a matrix–vector product with the dispatched native kernel.
            guard w.count >= out * k, u.count >= k, y.count >= out else {
                throw TensorError(.invalidArgument, "cell_step", "internal: buffers of \(w.count), \(u.count) and \(y.count) values are too short for a \(out)×\(k) weight")
            }
            guard out > 0 else { return }
            if k == 0 {
                if !accumulate { for i in 0..<out { y[i] = 0 } }
                return
            }
            w.withUnsafeBufferPointer { wb in
                u.withUnsafeBufferPointer { ub in
                    y.withUnsafeMutableBufferPointer { yb in
                        guard let weights = wb.baseAddress, let input = ub.baseAddress, let output = yb.baseAddress else { return }
                        NativeInstructionSet.activeKernels.matvec(out, k, weights, input, output, false, accumulate)
                    }
                }
            }
            return
        }
        try u.withUnsafeBufferPointer { ub in
            try w.withUnsafeBufferPointer { wb in
                try y.withUnsafeMutableBufferPointer { yb in
                    try Tensor.gemm(transposeB: true, m: n, n: out, k: k, a: ub, lda: Swift.max(1, k),
                                    b: wb, ldb: Swift.max(1, k), beta: accumulate ? 1 : 0, c: yb, ldc: Swift.max(1, out))
                }
            }
        }
    }

    /// `u·wᵀ + b` as a fresh buffer.
    static func affine(_ u: [Double], _ w: [Double], _ b: [Double]?, rows n: Int, inputs k: Int, outputs out: Int) throws -> [Double] {
        var y = [Double](repeating: 0, count: n * out)
        try linear(u, w, rows: n, inputs: k, outputs: out, into: &y, accumulate: false)
        if let b { addRowVector(b, to: &y, columns: out) }
        return y
    }

    /// Backward of `A = U·Wᵀ`: `dW += dAᵀ·U` and, when wanted, `dU += dA·W`.
    static func linearBackward(_ dA: [Double], input u: [Double], weight w: [Double],
                               rows n: Int, inputs k: Int, outputs out: Int,
                               weightGradient dW: inout [Double], inputGradient dU: inout [Double]?) throws {
        if n == 1 {
            try singleRowBackward(dA, input: u, weight: w, inputs: k, outputs: out, weightGradient: &dW, inputGradient: &dU)
            return
        }
        try dA.withUnsafeBufferPointer { db in
            try u.withUnsafeBufferPointer { ub in
                try dW.withUnsafeMutableBufferPointer { wb in
                    try Tensor.gemm(transposeA: true, m: out, n: k, k: n, a: db, lda: Swift.max(1, out),
                                    b: ub, ldb: Swift.max(1, k), beta: 1, c: wb, ldc: Swift.max(1, k))
                }
            }
            guard dU != nil else { return }
            try w.withUnsafeBufferPointer { wb in
                try dU?.withUnsafeMutableBufferPointer { gb in
                    try Tensor.gemm(m: n, n: k, k: out, a: db, lda: Swift.max(1, out),
                                    b: wb, ldb: Swift.max(1, k), beta: 1, c: gb, ldc: Swift.max(1, k))
                }
            }
        }
    }

    /// The one-row case of ``linearBackward``: a rank-one update `dW += dA·uᵀ` and `dU += Wᵀ·dA`,
    /// both with the dispatched native kernels.
    private static func singleRowBackward(_ dA: [Double], input u: [Double], weight w: [Double], inputs k: Int, outputs out: Int,
                                          weightGradient dW: inout [Double], inputGradient dU: inout [Double]?) throws {
        guard dA.count >= out, u.count >= k, dW.count >= out * k else {
            throw TensorError(.invalidArgument, "cell_backward", "internal: buffers of \(dA.count), \(u.count) and \(dW.count) values are too short for a \(out)×\(k) weight")
        }
        guard out > 0, k > 0 else { return }
        let kernels = NativeInstructionSet.activeKernels
        dA.withUnsafeBufferPointer { db in
            u.withUnsafeBufferPointer { ub in
                dW.withUnsafeMutableBufferPointer { wb in
                    guard let scales = db.baseAddress, let input = ub.baseAddress, let weights = wb.baseAddress else { return }
                    kernels.addOuterProduct(out, k, scales, input, weights)
                }
            }
        }
        guard dU != nil else { return }
        guard w.count >= out * k, (dU?.count ?? 0) >= k else {
            throw TensorError(.invalidArgument, "cell_backward", "internal: the weight (\(w.count) values) or input gradient is too short for a \(out)×\(k) weight")
        }
        w.withUnsafeBufferPointer { wb in
            dA.withUnsafeBufferPointer { db in
                dU?.withUnsafeMutableBufferPointer { gb in
                    guard let weights = wb.baseAddress, let scales = db.baseAddress, let output = gb.baseAddress else { return }
                    kernels.matvecTransposed(out, k, weights, scales, output, false, true)
                }
            }
        }
    }

    /// `y[r, j] += b[j]` for every row r.
    static func addRowVector(_ b: [Double], to y: inout [Double], columns: Int) {
        guard columns > 0 else { return }
        for start in stride(from: 0, to: y.count, by: columns) {
            for j in 0..<columns { y[start + j] += b[j] }
        }
    }

    /// `db[j] += Σ_r dA[r, j]`.
    static func accumulateColumnSums(_ dA: [Double], columns: Int, into db: inout [Double]) {
        guard columns > 0 else { return }
        for start in stride(from: 0, to: dA.count, by: columns) {
            for j in 0..<columns { db[j] += dA[start + j] }
        }
    }

    /// `σ(a) = 1 / (1 + e^(−a))`, evaluated without overflow for large |a|.
    static func sigmoid(_ a: Double) -> Double {
        if a >= 0 { return 1 / (1 + Foundation.exp(-a)) }
        let e = Foundation.exp(a)
        return e / (1 + e)
    }

    /// Columns `[from, from + width)` of an n×total matrix, as an n×width buffer.
    static func columns(_ m: [Double], rows n: Int, total: Int, from: Int, width: Int) -> [Double] {
        var out = [Double](repeating: 0, count: n * width)
        for r in 0..<n {
            for j in 0..<width { out[r * width + j] = m[r * total + from + j] }
        }
        return out
    }

    /// Writes an n×width block into columns `[from, from + width)` of an n×total matrix.
    static func setColumns(_ block: [Double], into m: inout [Double], rows n: Int, total: Int, from: Int, width: Int) {
        for r in 0..<n {
            for j in 0..<width { m[r * total + from + j] = block[r * width + j] }
        }
    }

    /// Elementwise `a ⊙ b`.
    static func hadamard(_ a: [Double], _ b: [Double]) -> [Double] {
        var out = a
        for i in out.indices { out[i] *= b[i] }
        return out
    }

    /// `a += b` elementwise.
    static func add(_ b: [Double], to a: inout [Double]) {
        for i in a.indices { a[i] += b[i] }
    }
}

/// `tanh` from the C library, named so it cannot be confused with tensor methods.
@inline(__always) func scalarTanh(_ x: Double) -> Double { Foundation.tanh(x) }
