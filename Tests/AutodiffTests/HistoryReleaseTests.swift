import Autodiff
import Foundation
import TensorCore
import XCTest

/// The graph forgets what no derivative can use: history below a value nobody holds
/// (when nothing held lies in it), and the history behind a parameter update.
/// Every derivative a program can still ask for stays exact.
final class HistoryReleaseTests: XCTestCase {
    func testAChainNobodyCanDifferentiateAgainstIsReleasedAsItGrows() throws {
        let start = Variable.liveCount
        var y = Variable(Tensor([0.5, -0.25]))
        for _ in 0..<10_000 { y = try (y * Variable(Tensor(1.0001))).tanh() }
        // Only y is held: nothing older can be a target. What stays is y, the product it was
        // computed from and that product's operands (the previous y, now a constant, and 1.0001).
        XCTAssertLessThanOrEqual(Variable.liveCount - start, 4)
        // The value is the one the whole chain computes.
        var expected = Tensor([0.5, -0.25])
        for _ in 0..<10_000 { expected = (try expected * Tensor(1.0001)).tanh() }
        XCTAssertEqual(y.value, expected)
    }

    func testEveryHeldValueInTheHistoryKeepsItsDerivative() throws {
        // y = tanh(W tanh(W x)); hold W, x and the middle state, drop everything else.
        let w = Variable(try Tensor(rows: [[0.5, -0.2], [0.1, 0.3]]))
        let x = Variable(Tensor([1, 2]))
        var middle: Variable? = try w.matmul(x).tanh()
        let y = try w.matmul(middle!).tanh().sum()
        let h1 = middle!.value
        // Hand-derived: with h2 = tanh(W h1), ∂y/∂h1 = Wᵀ(1 − h2²).
        let h2 = try w.value.matmul(h1).tanh()
        let d2 = h2.map { 1 - $0 * $0 }
        XCTAssertEqual(try grad(y, wrt: middle!).value, try w.value.transposed().matmul(d2))
        let dx = try grad(y, wrt: x).value
        middle = nil                       // the middle state is no longer held ...
        XCTAssertEqual(try grad(y, wrt: x).value, dx)   // ... but x is, so the path through it stays
        XCTAssertEqual(try grad(y, wrt: w).value.shape, [2, 2])
    }

    func testCarryingAHiddenStateKeepsOneWindowNotTheWholeRun() throws {
        // Truncated BPTT the natural way: the state is carried, the weights are replaced
        // by a gradient step each window; nothing is detached.
        var w = Variable(try Tensor.full([4, 4], 0.1))
        var h = Variable(try Tensor.ones([4]))
        let lr = Variable(Tensor(0.01))       // held for the whole run, like a global
        var counts: [Int] = []
        for _ in 0..<200 {
            var state = h
            var loss = Variable(Tensor(0))
            for _ in 0..<5 {
                state = try w.matmul(state).tanh()
                loss = try loss + state.sum()
            }
            let g = Variable(gradient: try grad(loss, wrt: w).value, of: w)
            let updated = try w - lr * g
            XCTAssertTrue(updated.isUpdate(of: w))
            w.retire()
            w = updated
            h = state
            counts.append(Variable.liveCount)
        }
        XCTAssertEqual(w.op, "leaf", "a gradient step is a new leaf")
        XCTAssertEqual(counts[199], counts[20], "the live graph stays the same size from window to window")
    }

    func testRetiringTwoWeightsAtOnceFreesWhatRetiringEachFrees() throws {
        // Two weights share every node of a window (h = tanh(U h + V h)); a program that
        // replaces both (a list of parameters replaced by its updates) retires them together.
        func liveCounts(together: Bool) throws -> [Int] {
            var u = Variable(try Tensor.full([3, 3], 0.1))
            var v = Variable(try Tensor.full([3, 3], -0.05))
            var h = Variable(try Tensor.ones([3]))
            let lr = Variable(Tensor(0.01))
            let start = Variable.liveCount
            var counts: [Int] = []
            for _ in 0..<60 {
                var state = h
                var loss = Variable(Tensor(0))
                for _ in 0..<4 {
                    state = try (u.matmul(state) + v.matmul(state)).tanh()
                    loss = try loss + state.sum()
                }
                let g = try grads(loss, wrt: [u, v])
                let newU = try u - lr * Variable(gradient: g[0].value, of: u)
                let newV = try v - lr * Variable(gradient: g[1].value, of: v)
                if together {
                    Variable.retire([u, v])
                } else {
                    u.retire()
                    v.retire()
                }
                (u, v, h) = (newU, newV, state)
                counts.append(Variable.liveCount - start)
            }
            return counts
        }
        let together = try liveCounts(together: true), oneByOne = try liveCounts(together: false)
        XCTAssertEqual(together[59], together[10], "the live graph stays the same size from window to window")
        XCTAssertEqual(together, oneByOne, "retiring both at once keeps exactly what retiring each keeps")
    }

    func testAGradientStepIsANewLeafButOtherArithmeticWithGradientsIsRecorded() throws {
        let w = Variable(Tensor([1, -2]))
        let loss = try (w * w).sum()
        let g = Variable(gradient: try grad(loss, wrt: w).value, of: w)
        XCTAssertEqual(g.value, Tensor([2, -4]))
        let step = try Variable(Tensor(0.1)) * g
        XCTAssertEqual(step.op, "multiply")
        let updated = try w - step                // w − 0.1 g: an update of w
        XCTAssertEqual(updated.op, "leaf")
        XCTAssertTrue(updated.isUpdate(of: w))
        XCTAssertEqual(updated.value, try Tensor([0.8, -1.6]))
        // Only w itself as an operand makes an update: comparing a hand-made gradient
        // (computed from w) with the engine's is ordinary arithmetic.
        let byHand = try w * Variable(Tensor(2))
        XCTAssertEqual(try (byHand - g).op, "subtract")
        // A sum involving a gradient of something else is an ordinary node.
        let other = Variable(Tensor([3, 4]))
        XCTAssertEqual(try (other + g).op, "add")
        // Differentiating against the new parameter works as for any leaf.
        XCTAssertEqual(try grad((updated * updated).sum(), wrt: updated).value, try updated.value * Tensor(2))
    }

    func testGradsServesEveryTargetFromOneSweepWithTheSameResultsAsSeparateCalls() throws {
        let a = Variable(try Tensor(rows: [[0.3, -0.7], [1.1, 0.4]]))
        let b = Variable(Tensor([0.2, -0.5]))
        let x = Variable(Tensor([1, 2]))
        let h = try (a.matmul(x) + b).tanh()
        let y = try (a.matmul(h) + b).tanh().sum()
        let together = try grads(y, wrt: [a, b, h, x])
        for (k, target) in [a, b, h, x].enumerated() {
            XCTAssertEqual(together[k].value, try grad(y, wrt: target).value, "target \(k)")
        }
        let both = try jacobians(h, wrt: [a, x])
        XCTAssertEqual(both[0].value, try jacobian(h, wrt: a).value)
        XCTAssertEqual(both[1].value, try jacobian(h, wrt: x).value)
    }

    func testASmoothedLossCollapsesOntoTheNumbersItDependsOnWithExactDerivatives() throws {
        // smooth ← 0.999·smooth + 0.001·loss, starting from a value computed from held numbers.
        let v = Variable(Tensor(89)), t = Variable(Tensor(25))
        var smooth = try (Variable(Tensor(1)) / v).log() * -1.0 * t
        var kept: [Variable] = []
        var counts: [Int] = []
        for k in 0..<2_000 {
            let loss = try Variable(Tensor(Double(k % 7))) * t      // depends on t
            if k < 3 { kept.append(loss) }                         // held: its derivative must survive
            smooth = try smooth * 0.999 + loss * 0.001
            counts.append(Variable.liveCount)
        }
        XCTAssertLessThan(counts[1_999] - counts[200], 40, "the chain does not grow with the iterations")
        // smooth₀ = t·ln v, so ∂smooth/∂v = 0.999^2000 · t/v;  ∂smooth/∂kept[0] = 0.001 · 0.999^1999.
        let decay = Foundation.pow(0.999, 2_000.0)
        XCTAssertEqual(try grad(smooth, wrt: v).value.scalarValue!, decay * 25.0 / 89.0, accuracy: 1e-12)
        XCTAssertEqual(try grad(smooth, wrt: kept[0]).value.scalarValue!, 0.001 * Foundation.pow(0.999, 1_999.0), accuracy: 1e-15)
        var expectedT = decay * -Foundation.log(1.0 / 89.0)
        for k in 0..<2_000 { expectedT += 0.001 * Foundation.pow(0.999, Double(1_999 - k)) * Double(k % 7) }
        XCTAssertEqual(try grad(smooth, wrt: t).value.scalarValue!, expectedT, accuracy: 1e-9)
    }

    func testShortFormulasAreNotCollapsed() throws {
        // A formula a lesson draws with graph() keeps every node.
        let x = Variable(Tensor(-2)), y = Variable(Tensor(5)), z = Variable(Tensor(-4))
        let f = try ((x + y) * z + 1.0) * 2.0
        XCTAssertEqual(GraphDump.nodes(reachableFrom: f).count, 9)
        XCTAssertEqual(try grad(f, wrt: x).value, Tensor(-8))
    }

    func testARetiredParameterHeldElsewhereNoLongerKeepsTheOldGraph() throws {
        // A record keeps the initial weights; once the update replaces them, the carried
        // state no longer keeps every window since the first.
        let initial = Variable(try Tensor.full([3, 3], 0.2))
        var w = initial
        var h = Variable(try Tensor.ones([3]))
        var counts: [Int] = []
        for _ in 0..<100 {
            let state = try w.matmul(h).tanh()
            let g = Variable(gradient: try grad(state.sum(), wrt: w).value, of: w)
            let updated = try w - Variable(Tensor(0.01)) * g
            w.retire()
            w = updated
            h = state
            counts.append(Variable.liveCount)
        }
        XCTAssertEqual(counts[99], counts[10])
        // Without retirement the state depends on `initial` through every window.
        XCTAssertEqual(initial.value, try Tensor.full([3, 3], 0.2))
    }

    func testATrialStepRetiresNothingAndOldDerivativesStay() throws {
        let w = Variable(Tensor([1, -2]))
        let loss = try (w * w).sum()
        let g = Variable(gradient: try grad(loss, wrt: w).value, of: w)
        let trial = try w - Variable(Tensor(0.1)) * g
        XCTAssertLessThan(try (trial * trial).sum().value.scalarValue!, loss.value.scalarValue!)
        XCTAssertEqual(try grad(loss, wrt: w).value, Tensor([2, -4]))
    }
}
