import Autodiff
import Foundation
import TensorCore
import XCTest
import _TestSupport

/// Pinned facts about recurrences, each derived independently of the engine.
final class RecurrenceFixtureTests: XCTestCase {
    /// One tanh RNN step with hand-chosen numbers:
    ///
    ///     a  = Wx·x + Wh·h0 + b = (−0.1, 1.0) + (−0.15, −0.55) + (0.1, −0.1) = (−0.15, 0.35)
    ///     h  = tanh(a)          = (−0.14888503362331795, 0.3363755443363322)
    ///     L  = Σ h ⊙ dh  with the upstream gradient dh = (1, −2)
    ///
    /// Backward by hand:
    ///
    ///     da  = dh ⊙ (1 − h²)   = (0.9778332467629834, −1.7737029863448723)
    ///     dWx = da xᵀ,  dWh = da h0ᵀ,  db = da,  dx = Wxᵀ da,  dh0 = Whᵀ da
    ///
    /// The decimals were evaluated with numpy from these formulas.
    func testOneTanhStepMatchesTheHandDerivedGradient() throws {
        let wx = Variable(try Tensor(rows: [[0.5, -0.3], [0.2, 0.4]]))
        let wh = Variable(try Tensor(rows: [[0.1, 0.2], [-0.3, 0.4]]))
        let b = Variable(Tensor([0.1, -0.1]))
        let x = Variable(Tensor([1, 2]))
        let h0 = Variable(Tensor([0.5, -1]))
        let a = try wx.matmul(x) + wh.matmul(h0) + b
        let h = try a.tanh()
        let loss = try (h * Variable(Tensor([1, -2]))).sum()

        assertTensorsClose(a.value, Tensor([-0.15, 0.35]), tolerance: 1e-15)
        assertTensorsClose(h.value, Tensor([-0.14888503362331795, 0.3363755443363322]), tolerance: 1e-15)
        XCTAssertEqual(loss.value.scalarValue ?? .nan, -0.8216361222959824, accuracy: 1e-15)

        let d = try grads(loss, wrt: [wx, wh, b, x, h0, a])
        let da = Tensor([0.9778332467629834, -1.7737029863448723])
        assertTensorsClose(d[0].value, try Tensor(rows: [[0.9778332467629834, 1.9556664935259669],
                                                          [-1.7737029863448723, -3.5474059726897447]]), tolerance: 1e-15)
        assertTensorsClose(d[1].value, try Tensor(rows: [[0.4889166233814917, -0.9778332467629834],
                                                          [-0.8868514931724362, 1.7737029863448723]]), tolerance: 1e-15)
        assertTensorsClose(d[2].value, da, tolerance: 1e-15)
        assertTensorsClose(d[3].value, Tensor([0.13417602611251722, -1.002831168566844]), tolerance: 1e-15)
        assertTensorsClose(d[4].value, Tensor([0.6298942205797601, -0.5139145451853523]), tolerance: 1e-15)
        assertTensorsClose(d[5].value, da, tolerance: 1e-15)
    }

    /// For h_t = W h_{t−1} with W = σQ and Q orthogonal, ∂h_50/∂h_0 = W⁵⁰ = σ⁵⁰Q⁵⁰,
    /// and Q⁵⁰ is orthogonal, so its Frobenius norm is σ⁵⁰·√n exactly.
    func testLinearRecurrenceJacobianNormIsSigmaToTheFifty() throws {
        let n = 4
        let q = try gramSchmidt(Tensor.randn([n, n], using: &generatorForQ))
        for sigma in [0.9, 1.0, 1.1] {
            let w = Variable(q.map { $0 * sigma })
            let h0 = Variable(Tensor([0.3, -0.2, 0.5, 0.1]))
            var h = h0
            for _ in 0..<50 { h = try w.matmul(h) }
            let j = try jacobian(h, wrt: h0).value
            XCTAssertEqual(j.shape, [n, n])
            let expected = Foundation.pow(sigma, 50) * Double(n).squareRoot()
            XCTAssertEqual(j.norm().scalarValue ?? .nan, expected, accuracy: 1e-9 * expected, "σ = \(sigma)")
        }
    }

    /// The same recurrence with a Haar-random orthogonal Q from the core library:
    /// every singular value of ∂h_50/∂h_0 = σ⁵⁰Q⁵⁰ is σ⁵⁰, so its spectral norm is σ⁵⁰,
    /// and from an intermediate state, ‖∂h_50/∂h_20‖₂ = σ³⁰.
    func testLinearRecurrenceSpectralNormFromAnyIntermediate() throws {
        var generator = RandomGenerator(seed: 5)
        let n = 5
        let q = try Tensor.orthogonal(n, using: &generator)
        for sigma in [0.8, 1.2] {
            let w = Variable(q.map { $0 * sigma })
            var states = [Variable(try Tensor.randn([n], using: &generator))]
            for _ in 0..<50 { states.append(try w.matmul(states[states.count - 1])) }
            let full = try jacobian(states[50], wrt: states[0]).value
            let tail = try jacobian(states[50], wrt: states[20]).value
            let expectedFull = Foundation.pow(sigma, 50), expectedTail = Foundation.pow(sigma, 30)
            XCTAssertEqual(try full.spectralNorm().scalarValue ?? .nan, expectedFull, accuracy: 1e-9 * expectedFull)
            XCTAssertEqual(try tail.spectralNorm().scalarValue ?? .nan, expectedTail, accuracy: 1e-9 * expectedTail)
            let svals = try full.singularValues().scalars
            XCTAssertEqual(svals.min() ?? .nan, expectedFull, accuracy: 1e-9 * expectedFull, "all singular values equal σ⁵⁰")
        }
    }

    func testJacobianBetweenIntermediateStatesOfATanhRecurrence() throws {
        // h_t = tanh(W h_{t−1} + U x_t):  ∂h_t/∂h_{t−1} = diag(1 − h_t²) W,
        // so ∂h_3/∂h_1 = diag(1 − h_3²) W · diag(1 − h_2²) W.
        var generator = RandomGenerator(seed: 11)
        let w = Variable(try Tensor.randn([3, 3], using: &generator).map { $0 * 0.6 })
        let u = Variable(try Tensor.randn([3, 2], using: &generator))
        var states = [Variable(try Tensor.randn([3], using: &generator))]
        for _ in 1...3 {
            let x = Variable(try Tensor.randn([2], using: &generator))
            states.append(try (w.matmul(states[states.count - 1]) + u.matmul(x)).tanh())
        }
        func stepJacobian(_ h: Variable) throws -> Tensor {
            try h.value.map { 1 - $0 * $0 }.diag().matmul(w.value)
        }
        let expected = try stepJacobian(states[3]).matmul(stepJacobian(states[2]))
        let j = try jacobian(states[3], wrt: states[1])
        assertTensorsClose(j.value, expected, tolerance: 1e-14)
        // And the one-step Jacobian alone.
        assertTensorsClose(try jacobian(states[2], wrt: states[1]).value, try stepJacobian(states[2]), tolerance: 1e-14)
        // grad of Σh_3 wrt h_1 is the column sums of that product: 1ᵀ J.
        let g = try grad(states[3].sum(), wrt: states[1]).value
        assertTensorsClose(g, try Tensor([1, 1, 1]).matmul(expected), tolerance: 1e-14)
    }

    func testDeepChainBackwardDoesNotRecurse() throws {
        // y = x + 1 + 1 + … (100,000 times): dy/dx = 1, through a very deep graph.
        let x = Variable(Tensor(0.5))
        let one = Variable(Tensor(1))
        var y = x
        for _ in 0..<100_000 { y = try y + one }
        let d = try grads(y, wrt: [x, one])
        XCTAssertEqual(d[0].value, Tensor(1))
        XCTAssertEqual(d[1].value, Tensor(100_000))
    }

    // MARK: Helpers

    private var generatorForQ = RandomGenerator(seed: 2024)

    /// Orthonormalises the columns of a square matrix (classical Gram–Schmidt, applied twice for accuracy).
    private func gramSchmidt(_ a: Tensor) throws -> Tensor {
        let n = a.shape[0]
        var columns = try (0..<n).map { try a.indexed([.all, .at($0)]).scalars }
        for _ in 0..<2 {
            for j in 0..<n {
                for k in 0..<j {
                    let dot = zip(columns[j], columns[k]).reduce(0) { $0 + $1.0 * $1.1 }
                    columns[j] = zip(columns[j], columns[k]).map { $0 - dot * $1 }
                }
                let length = columns[j].reduce(0) { $0 + $1 * $1 }.squareRoot()
                columns[j] = columns[j].map { $0 / length }
            }
        }
        return try Tensor.stack(columns.map { Tensor($0) }, axis: 1)
    }

    func testGramSchmidtHelperGivesAnOrthogonalMatrix() throws {
        let q = try gramSchmidt(Tensor.randn([4, 4], using: &generatorForQ))
        assertTensorsClose(try q.transposed().matmul(q), try Tensor.identity(4), tolerance: 1e-14)
    }
}
