import Autodiff
import Recurrent
import TensorCore
import XCTest
import _TestSupport

/// A fixed random problem for one cell: inputs, an initial state and weights
/// G_t that turn the hidden states into the scalar loss
///
///     L = Σ_t Σ G_t ⊙ h_t  (+ Σ G_c ⊙ c_T for a cell with a second state)
///
/// so ∂L/∂h_t = G_t from outside the recurrence.
struct CellProblem<Cell: RecurrentCell> {
    let cell: Cell
    let inputs: [Tensor]
    let initialState: [Tensor]
    let hiddenWeights: [Tensor]
    let finalWeights: [Tensor]

    init(_ cell: Cell, steps: Int = 3, batch: Int = 2, seed: UInt64 = 7) throws {
        var g = RandomGenerator(seed: seed)
        self.cell = cell
        inputs = try (0..<steps).map { _ in try Tensor.randn([batch, cell.inputSize], using: &g) }
        initialState = try cell.stateNames.map { _ in try Tensor.rand([batch, cell.hiddenSize], low: -0.8, high: 0.8, using: &g) }
        hiddenWeights = try (0..<steps).map { _ in try Tensor.randn([batch, cell.hiddenSize], using: &g) }
        // The hidden state's final weight is already in hiddenWeights; only further states get one.
        finalWeights = try cell.stateNames.enumerated().map { k, _ in
            k == 0 ? try Tensor.zeros([batch, cell.hiddenSize]) : try Tensor.randn([batch, cell.hiddenSize], using: &g)
        }
    }

    /// The loss recorded as a graph, from leaves ordered parameters, inputs, initial state.
    func graphLoss(_ leaves: [Variable]) throws -> Variable {
        let p = cell.parameters.count, t = inputs.count
        let params = Array(leaves[0..<p]), xs = Array(leaves[p..<(p + t)]), s0 = Array(leaves[(p + t)...])
        let states = try cell.runGraph(inputs: xs, initialState: s0, parameters: params)
        var loss = try (states[0][0] * Variable(hiddenWeights[0])).sum()
        for k in 1..<t { loss = try loss + (states[k][0] * Variable(hiddenWeights[k])).sum() }
        if let last = states.last {
            for k in 1..<last.count { loss = try loss + (last[k] * Variable(finalWeights[k])).sum() }
        }
        return loss
    }

    var leafValues: [Tensor] { cell.parameters + inputs + initialState }

    /// The same loss computed natively at other parameter / input / state values.
    func nativeLoss(_ values: [Tensor]) throws -> Double {
        let p = cell.parameters.count, t = inputs.count
        let c = try cell.withParameters(Array(values[0..<p]))
        let trace = try c.runNative(inputs: Array(values[p..<(p + t)]), initialState: Array(values[(p + t)...]))
        var loss = 0.0
        for (h, w) in zip(trace.hs, hiddenWeights) { loss += zip(h.scalars, w.scalars).reduce(0) { $0 + $1.0 * $1.1 } }
        for (k, s) in trace.finalState.enumerated() where k > 0 {
            loss += zip(s.scalars, finalWeights[k].scalars).reduce(0) { $0 + $1.0 * $1.1 }
        }
        return loss
    }

    /// Native gradients, ordered like the leaves.
    func nativeGradients() throws -> [Tensor] {
        let trace = try cell.runNative(inputs: inputs, initialState: initialState)
        let g = try cell.backpropNative(trace, hiddenGradients: hiddenWeights, finalStateGradients: finalWeights)
        return g.parameters + g.inputs + g.initialState
    }
}

/// Runs the four checks every cell must pass: native and graph forward agree,
/// their gradients agree to 1e-10, the graph passes the gradient checker and
/// the native backward matches central differences.
func assertCellConsistent<Cell: RecurrentCell>(_ cell: Cell, file: StaticString = #filePath, line: UInt = #line) throws {
    let problem = try CellProblem(cell)
    try assertNativeMatchesGraphInOneRow(cell, file: file, line: line)
    // Forward.
    let trace = try cell.runNative(inputs: problem.inputs, initialState: problem.initialState)
    let states = try cell.runGraph(inputs: problem.inputs.map(Variable.init),
                                   initialState: problem.initialState.map(Variable.init),
                                   parameters: cell.parameters.map(Variable.init))
    for t in 0..<problem.inputs.count {
        for k in 0..<cell.stateNames.count {
            assertTensorsClose(trace.states[t + 1][k], states[t][k].value, tolerance: 1e-10,
                               "state \(cell.stateNames[k]) at step \(t + 1)", file: file, line: line)
        }
    }
    // Gradients: graph versus native.
    let leaves = problem.leafValues.map(Variable.init)
    let graphGrads = try grads(problem.graphLoss(leaves), wrt: leaves).map(\.value)
    let nativeGrads = try problem.nativeGradients()
    XCTAssertEqual(graphGrads.count, nativeGrads.count, file: file, line: line)
    for (k, (a, b)) in zip(nativeGrads, graphGrads).enumerated() {
        assertTensorsClose(a, b, tolerance: 1e-10, "gradient of leaf \(k)", file: file, line: line)
        XCTAssertGreaterThan(b.scalars.map(Swift.abs).max() ?? 0, 1e-6, "leaf \(k) gradient should not vanish", file: file, line: line)
    }
    // Graph version against finite differences.
    assertGradientsMatch(problem.graphLoss, at: problem.leafValues, tolerance: 1e-6, file: file, line: line)
    // Native version against finite differences.
    let numeric = try GradientChecker.centralDifferences(problem.nativeLoss, at: problem.leafValues)
    for (k, (a, n)) in zip(nativeGrads, numeric).enumerated() {
        let error = GradientChecker.relativeError(a, n)
        XCTAssertLessThan(error, 1e-6, "native gradient of leaf \(k) against central differences", file: file, line: line)
    }
}

/// Batch of one (the matrix–vector kernels): native and graph states and gradients agree.
func assertNativeMatchesGraphInOneRow<Cell: RecurrentCell>(_ cell: Cell, file: StaticString = #filePath, line: UInt = #line) throws {
    let problem = try CellProblem(cell, steps: 4, batch: 1, seed: 8)
    let trace = try cell.runNative(inputs: problem.inputs, initialState: problem.initialState)
    let leaves = problem.leafValues.map(Variable.init)
    let loss = try problem.graphLoss(leaves)
    let graphGrads = try grads(loss, wrt: leaves).map(\.value)
    XCTAssertEqual(try problem.nativeLoss(problem.leafValues), loss.value.scalarValue ?? .nan, accuracy: 1e-12, file: file, line: line)
    XCTAssertEqual(trace.hs.count, 4, file: file, line: line)
    for (k, (a, b)) in zip(try problem.nativeGradients(), graphGrads).enumerated() {
        assertTensorsClose(a, b, tolerance: 1e-10, "batch of one, gradient of leaf \(k)", file: file, line: line)
    }
}
