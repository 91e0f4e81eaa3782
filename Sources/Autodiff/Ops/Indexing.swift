import TensorCore

extension Variable {
    /// Selects elements by an index expression (integers drop an axis, ranges keep it).
    ///
    /// Pullback: the adjoint is scattered back into a zero tensor of the
    /// input's shape at the selected positions (`Tensor.scatter`, which adds
    /// where a position is selected more than once).
    ///
    /// A whole row `W[i]` or column `W[:, j]` of a matrix sends back just that line
    /// (`Cotangent.line`): picking one column of `Wxh` per step (a one-hot input) then
    /// adds T columns into one gradient instead of writing T matrices.
    public func indexed(_ specs: [IndexSpec]) throws -> Variable {
        let shape = self.shape
        let y = try value.indexed(specs)
        if shape.count == 2, let (axis, position) = Variable.wholeLine(specs, shape) {
            return try Variable.recordFactored("index", y, [node]) { g, _ in
                [.line(axis: axis, position: position, vector: g, shape: shape)]
            }
        }
        return try Variable.record("index", y, [node]) { g, _ in
            [try Tensor.scatter(g, into: shape, at: specs)]
        }
    }

    /// For `[i]`, `[i, :]` (axis 0) or `[:, j]` (axis 1) on a matrix: the axis and the resolved position.
    private static func wholeLine(_ specs: [IndexSpec], _ shape: [Int]) -> (axis: Int, position: Int)? {
        func resolved(_ i: Int, _ n: Int) -> Int { i < 0 ? i + n : i }
        switch (specs.first, specs.count > 1 ? specs[1] : IndexSpec.all) {
        case (.at(let i)?, IndexSpec.all) where specs.count <= 2: return (0, resolved(i, shape[0]))
        case (IndexSpec.all?, .at(let j)) where specs.count == 2: return (1, resolved(j, shape[1]))
        default: return nil
        }
    }
}

extension Variable {
    /// Picks one column per row of a matrix: `y[r] = x[r, columns[r]]` (numpy's
    /// `x[arange(rows), columns]`), a vector with one entry per row.
    ///
    /// Pullback: `∂L/∂x[r, columns[r]] = ∂L/∂y[r]`, zero elsewhere.
    ///
    /// - Throws: `shapeMismatch` unless `self` is a matrix with one column index per row;
    ///   `indexOutOfRange` for a column outside `0..<n` (negative indices are not accepted).
    public func picking(columns: [Int]) throws -> Variable {
        guard value.rank == 2 else {
            throw TensorError(.shapeMismatch, "pick", "expects a (rows, columns) matrix, got shape \(describeShape(shape))")
        }
        let (rows, width) = (shape[0], shape[1])
        guard columns.count == rows else {
            throw TensorError(.shapeMismatch, "pick", "\(columns.count) column indices given for \(rows) rows; give one per row")
        }
        for c in columns where c < 0 || c >= width {
            throw TensorError(.indexOutOfRange, "pick", "column \(c) is out of range for \(width) columns")
        }
        let x = value.scalars
        let y = Tensor(columns.enumerated().map { r, c in x[r * width + c] })
        return try Variable.record("pick", y, [node]) { g, _ in
            var scattered = [Double](repeating: 0, count: rows * width)
            for (r, c) in columns.enumerated() { scattered[r * width + c] = g.scalars[r] }
            return [try Tensor(shape: [rows, width], scalars: scattered)]
        }
    }
}
