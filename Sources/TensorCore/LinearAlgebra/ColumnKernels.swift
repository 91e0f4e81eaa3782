/// Small scalar kernels on contiguous columns, shared by QR and SVD.
///
/// They are written as plain `while` loops over pointers with several
/// independent accumulators: the optimiser vectorises them in release builds
/// and they stay reasonably quick in unoptimised (test) builds.
enum ColumnKernels {
    /// `Σᵢ x[i]·y[i]`.
    static func dot(_ x: UnsafePointer<Double>, _ y: UnsafePointer<Double>, _ count: Int) -> Double {
        var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0
        var i = 0
        while i + 4 <= count {
            s0 += x[i] * y[i]
            s1 += x[i + 1] * y[i + 1]
            s2 += x[i + 2] * y[i + 2]
            s3 += x[i + 3] * y[i + 3]
            i += 4
        }
        while i < count {
            s0 += x[i] * y[i]
            i += 1
        }
        return (s0 + s1) + (s2 + s3)
    }

    /// `y ← y + a·x`.
    static func axpy(_ a: Double, _ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>, _ count: Int) {
        var i = 0
        while i + 2 <= count {
            y[i] += a * x[i]
            y[i + 1] += a * x[i + 1]
            i += 2
        }
        if i < count { y[i] += a * x[i] }
    }

    /// The plane rotation `(x, y) ← (c·x − s·y, s·x + c·y)` applied elementwise.
    static func rotate(_ x: UnsafeMutablePointer<Double>, _ y: UnsafeMutablePointer<Double>, _ count: Int, c: Double, s: Double) {
        var i = 0
        while i < count {
            let xi = x[i], yi = y[i]
            x[i] = c * xi - s * yi
            y[i] = s * xi + c * yi
            i += 1
        }
    }

    /// `‖x‖₂` without overflow or underflow: the sum of squares is taken after scaling by max |xᵢ|.
    /// A NaN anywhere gives NaN.
    static func norm(_ x: UnsafePointer<Double>, _ count: Int) -> Double {
        var largest = 0.0
        var i = 0
        while i < count {
            let magnitude = Swift.abs(x[i])
            if magnitude.isNaN { return .nan }
            largest = Swift.max(largest, magnitude)
            i += 1
        }
        guard largest > 0, largest.isFinite else { return largest }
        var sum = 0.0
        i = 0
        while i < count {
            let scaled = x[i] / largest
            sum += scaled * scaled
            i += 1
        }
        return largest * sum.squareRoot()
    }
}

extension Tensor {
    /// The columns of a matrix, each stored contiguously (the row-major scalars of its transpose).
    func columnMajorScalars() -> [Double] {
        let (m, n) = (shape[0], shape[1])
        var out = [Double](repeating: 0, count: m * n)
        scalars.withUnsafeBufferPointer { a in
            out.withUnsafeMutableBufferPointer { t in
                for i in 0..<m {
                    for j in 0..<n { t[j * m + i] = a[i * n + j] }
                }
            }
        }
        return out
    }

    /// A rows×columns matrix from column-major scalars (column j at `columnMajor[j*rows ..< (j+1)*rows]`).
    static func fromColumnMajor(_ columnMajor: [Double], rows: Int, columns: Int) -> Tensor {
        var out = [Double](repeating: 0, count: rows * columns)
        columnMajor.withUnsafeBufferPointer { t in
            out.withUnsafeMutableBufferPointer { a in
                for j in 0..<columns {
                    for i in 0..<rows { a[i * columns + j] = t[j * rows + i] }
                }
            }
        }
        return Tensor(unchecked: [rows, columns], out)
    }

    /// Throws unless `self` is a non-empty matrix of finite numbers; `op` names the caller.
    func requireFiniteMatrix(_ op: String) throws {
        guard rank == 2 else {
            throw TensorError.shape(op, "expects a matrix (rank 2), got shape \(describeShape(shape)); reshape a vector to (n, 1) or (1, n) first")
        }
        guard shape[0] > 0, shape[1] > 0 else {
            throw TensorError.value(op, "expects a non-empty matrix, got shape \(describeShape(shape))")
        }
        guard scalars.allSatisfy({ $0.isFinite }) else {
            throw TensorError.value(op, "matrix of shape \(describeShape(shape)) contains nan or infinity; only finite matrices can be factorised")
        }
    }
}
