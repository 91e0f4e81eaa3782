import TensorCore

extension Variable {
    /// Selects elements by an index expression (integers drop an axis, ranges keep it).
    ///
    /// Pullback: the adjoint is scattered back into a zero tensor of the
    /// input's shape at the selected positions (`Tensor.scatter`, which adds
    /// where a position is selected more than once).
    public func indexed(_ specs: [IndexSpec]) throws -> Variable {
        let shape = self.shape
        return try Variable.record("index", value.indexed(specs), [self]) { g, _ in
            [try Tensor.scatter(g, into: shape, at: specs)]
        }
    }
}
