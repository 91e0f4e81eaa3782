import Autodiff
import Foundation
import TensorCore
import XCTest
import _TestSupport

/// What `grad`, `grads` and `jacobian` return: derivatives with respect to
/// leaves and intermediates, zeros for non-ancestors, and clear errors.
final class DerivativeTests: XCTestCase {
    func testGradientWithRespectToALeaf() throws {
        // y = Σ (a·b)  ⇒  ∂y/∂a = b.
        let a = Variable(Tensor([1, 2, 3])), b = Variable(Tensor([4, 5, 6]))
        let y = try (a * b).sum()
        let d = try grad(y, wrt: a)
        XCTAssertEqual(d.value, Tensor([4, 5, 6]))
        XCTAssertNil(d.note)
        XCTAssertEqual(a.grad, Tensor([4, 5, 6]), "the pass leaves the adjoint on the node for inspection")
    }

    func testTheSweepOrdersNodesTheSameWhetherTheirIdsAreConsecutiveOrScattered() throws {
        // The sweep puts the nodes it gathers in creation order, by a table when their ids
        // are close together and by comparison when other nodes were made in between; both
        // must give the hand-derived gradient of y = Σ tanh(w ⊙ (w ⊙ x)) … applied 6 times.
        func gradient(scattered: Bool) throws -> (Tensor, Tensor) {
            let w = Variable(Tensor([0.5, -0.3, 0.8])), x = Variable(Tensor([1, 2, -1]))
            var h = x
            var kept: [Variable] = []
            for _ in 0..<6 {
                h = try (w * h).tanh()
                if scattered { for _ in 0..<50 { kept.append(Variable(Tensor(1.0))) } }
            }
            let both = try grads(h.sum(), wrt: [w, x])
            return (both[0].value, both[1].value)
        }
        // By hand: h_k = tanh(w h_{k-1}); ∂h_k/∂h_{k-1} = (1 − h_k²) w, ∂h_k/∂w = (1 − h_k²) h_{k-1}.
        let w = [0.5, -0.3, 0.8], x = [1.0, 2, -1]
        var dw = [0.0, 0, 0], dx = [0.0, 0, 0]
        for i in 0..<3 {
            var states = [x[i]]
            for _ in 0..<6 { states.append(Foundation.tanh(w[i] * states.last!)) }
            var adjoint = 1.0
            for k in stride(from: 6, through: 1, by: -1) {
                let slope = adjoint * (1 - states[k] * states[k])
                dw[i] += slope * states[k - 1]
                adjoint = slope * w[i]
            }
            dx[i] = adjoint
        }
        for scattered in [false, true] {
            let (gw, gx) = try gradient(scattered: scattered)
            for i in 0..<3 {
                XCTAssertEqual(gw.scalars[i], dw[i], accuracy: 1e-12, "scattered: \(scattered)")
                XCTAssertEqual(gx.scalars[i], dx[i], accuracy: 1e-12, "scattered: \(scattered)")
            }
        }
        XCTAssertEqual(try gradient(scattered: false).0, try gradient(scattered: true).0)
    }

    func testGradientWithRespectToAnIntermediateReadsTheAdjointThere() throws {
        // u = a + b, y = u², so ∂y/∂u = 2u whatever a and b are.
        let a = Variable(Tensor([1, -2])), b = Variable(Tensor([0.5, 0.5]))
        let u = try a + b
        let y = try u.square().sum()
        XCTAssertEqual(try grad(y, wrt: u).value, Tensor([3, -3]))
        // y = u·a with u = 2a: through u and directly, ∂y/∂a = 4a; ∂y/∂u = a only.
        let v = try a * 2
        let z = try (v * a).sum()
        let both = try grads(z, wrt: [v, a])
        XCTAssertEqual(both[0].value, Tensor([1, -2]))
        XCTAssertEqual(both[1].value, Tensor([4, -8]))
    }

    func testBackwardFillsTheGradientOfEveryNode() throws {
        // y = Σ (a·b + a): ∂y/∂a = b + 1, ∂y/∂b = a, and ∂y/∂(a·b) = 1.
        let a = Variable(Tensor([1, 2])), b = Variable(Tensor([3, 4]))
        let ab = try a * b
        let y = try (ab + a).sum()
        try backward(y)
        XCTAssertEqual(a.grad, Tensor([4, 5]))
        XCTAssertEqual(b.grad, Tensor([1, 2]))
        XCTAssertEqual(ab.grad, Tensor([1, 1]))
        XCTAssertEqual(y.grad, Tensor(1))
        XCTAssertThrowsError(try backward(ab), "needs a one-element output")
    }

    func testGradientOfTheOutputWithRespectToItselfIsOne() throws {
        let y = try Variable(Tensor([2, 3])).sum()
        XCTAssertEqual(try grad(y, wrt: y).value, Tensor(1))
    }

    func testNonAncestorGivesZerosAndANote() throws {
        let a = Variable(Tensor([1, 2])), unrelated = Variable(try Tensor.ones([2, 3]))
        let y = try a.sum()
        let d = try grad(y, wrt: unrelated)
        XCTAssertEqual(d.value, try Tensor.zeros([2, 3]))
        XCTAssertEqual(d.note?.contains("not an ancestor"), true)
        // A node created later than y is not an ancestor either.
        let later = try a * a
        XCTAssertEqual(try grad(y, wrt: later).value, Tensor([0, 0]))
        let j = try jacobian(a * 3, wrt: unrelated)
        XCTAssertEqual(j.value.shape, [2, 2, 3])
        XCTAssertEqual(j.value.scalars.allSatisfy { $0 == 0 }, true)
        XCTAssertNotNil(j.note)
    }

    func testGradNeedsAOneElementOutput() {
        let x = Variable(Tensor([1, 2]))
        XCTAssertThrowsError(try grad(x.exp(), wrt: x)) { error in
            let e = error as? TensorError
            XCTAssertEqual(e?.kind, .invalidArgument)
            XCTAssertEqual(e?.message.contains("shape (2,)"), true)
            XCTAssertEqual(e?.message.contains("jacobian"), true)
        }
        // One element of any rank is fine.
        XCTAssertNoThrow(try grad(x.reshaped([1, 2]).sum(axis: 1, keepDims: true), wrt: x))
    }

    func testJacobianOfAnElementwiseFunctionIsDiagonal() throws {
        // y = x²  ⇒  J = diag(2x).
        let x = Variable(Tensor([1, -2, 3]))
        let j = try jacobian(x.square(), wrt: x)
        XCTAssertEqual(j.value, try Tensor(rows: [[2, 0, 0], [0, -4, 0], [0, 0, 6]]))
        XCTAssertNil(j.note)
    }

    func testJacobianOfAMatrixProductHasShapeYThenX() throws {
        // y = W x with W (2×3): ∂y[i]/∂W[j, k] = δᵢⱼ x[k]; ∂y/∂x = W.
        let w = Variable(try Tensor(rows: [[1, 2, 3], [4, 5, 6]]))
        let x = Variable(Tensor([7, 8, 9]))
        let y = try w.matmul(x)
        XCTAssertEqual(try jacobian(y, wrt: x).value, w.value)
        let jw = try jacobian(y, wrt: w).value
        XCTAssertEqual(jw.shape, [2, 2, 3])
        XCTAssertEqual(jw.scalars, [7, 8, 9, 0, 0, 0, 0, 0, 0, 7, 8, 9])
    }

    func testJacobianAboveRankFourIsFlattenedToAMatrixWithANote() throws {
        let x = Variable(try Tensor.ones([2, 1, 3]))
        let y = try x * 2
        let j = try jacobian(y, wrt: x)
        XCTAssertEqual(j.value.shape, [6, 6])
        XCTAssertEqual(j.value, try Tensor.identity(6).map { $0 * 2 })
        XCTAssertEqual(j.note?.contains("(6, 6)"), true)
    }

    func testJacobianCanBeInterruptedBetweenSweeps() throws {
        let x = Variable(try Tensor.ones([50]))
        let y = try x.tanh()
        let context = ExecutionContext()
        context.interrupt.request()
        try context.activate {
            XCTAssertThrowsError(try jacobian(y, wrt: x)) { error in
                XCTAssertEqual(error as? TensorError, TensorError(.interrupted, "jacobian", "stopped at your request"))
            }
            context.interrupt.clear()
            XCTAssertEqual(try jacobian(y, wrt: x).value.shape, [50, 50])
        }
    }

    func testJacobianAgreesWithFiniteDifferencesOnAComposite() throws {
        var generator = RandomGenerator(seed: 3)
        let w = try Tensor.randn([3, 3], using: &generator), x0 = try Tensor.randn([3], using: &generator)
        let x = Variable(x0)
        let j = try jacobian(Variable(w).matmul(x).tanh().softmax(), wrt: x).value
        // Column k of the Jacobian by central differences.
        let eps = 1e-6
        for k in 0..<3 {
            var up = x0.scalars, down = x0.scalars
            up[k] += eps
            down[k] -= eps
            let fUp = try Variable(w).matmul(Variable(Tensor(up))).tanh().softmax().value
            let fDown = try Variable(w).matmul(Variable(Tensor(down))).tanh().softmax().value
            for i in 0..<3 {
                let numeric = (fUp.scalars[i] - fDown.scalars[i]) / (2 * eps)
                XCTAssertEqual(j.scalars[i * 3 + k], numeric, accuracy: 1e-9)
            }
        }
    }

    func testDetachStopsTheGradient() throws {
        // y = x · stop(x): only the first factor carries a gradient, so ∂y/∂x = x, not 2x.
        let x = Variable(Tensor([3]))
        let y = try (x * x.detach()).sum()
        XCTAssertEqual(try grad(y, wrt: x).value, Tensor([3]))
        XCTAssertEqual(x.detach().op, "leaf")
        XCTAssertEqual(x.detach().value, x.value)
    }

    func testOperationsThrowTensorErrorsOnBadShapes() throws {
        let a = Variable(try Tensor.zeros([2, 3])), b = Variable(try Tensor.zeros([4]))
        XCTAssertThrowsError(try a + b) { XCTAssertEqual(($0 as? TensorError)?.kind, .shapeMismatch) }
        XCTAssertThrowsError(try a.matmul(b)) { XCTAssertEqual(($0 as? TensorError)?.operation, "matmul") }
        XCTAssertThrowsError(try a.reshaped([5])) { XCTAssertEqual(($0 as? TensorError)?.kind, .shapeMismatch) }
        XCTAssertThrowsError(try a.sum(axis: 2)) { XCTAssertEqual(($0 as? TensorError)?.kind, .indexOutOfRange) }
        XCTAssertThrowsError(try a.indexed([.at(5)])) { XCTAssertEqual(($0 as? TensorError)?.kind, .indexOutOfRange) }
        XCTAssertThrowsError(try a.clip(1, 0)) { XCTAssertEqual(($0 as? TensorError)?.kind, .invalidArgument) }
        XCTAssertThrowsError(try Variable.concat([])) { XCTAssertEqual(($0 as? TensorError)?.kind, .invalidArgument) }
        XCTAssertThrowsError(try a.permuted([0, 0]))
        XCTAssertThrowsError(try b.reshaped([2, 2, 1, 1, 1]).sum()) { XCTAssertEqual(($0 as? TensorError)?.kind, .limitExceeded) }
    }

    func testMaxSharesTheGradientAmongTies() throws {
        let x = Variable(Tensor([1, 3, 3, 2]))
        XCTAssertEqual(try grad(x.max(), wrt: x).value, Tensor([0, 0.5, 0.5, 0]))
        let m = Variable(Tensor([2, 2]))
        let y = try m.maximum(Variable(Tensor([2, 1]))).sum()
        XCTAssertEqual(try grad(y, wrt: m).value, Tensor([0.5, 1]))
    }
}
