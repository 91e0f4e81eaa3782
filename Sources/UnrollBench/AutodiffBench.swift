import Autodiff
import Foundation
import TensorCore

/// `UnrollBench autodiff`: the cost of recording and differentiating graphs.
///
/// 1. Per-node overhead: a chain of 100,000 scalar additions — record, backward, release.
/// 2. One min-char-rnn loss-and-gradient evaluation (H = 100, T = 25, V = 89, as in
///    `../shared/bench/`) through the graph: iterations per second. The nearest peer
///    is `torch-manual` there (a Python time loop with autograd, about 420 it/s
///    pinned, which also includes the Adagrad update).
/// 3. `jacobian(h_50, h_0)` of a linear recurrence with n = 100 (100 backward sweeps).
let autodiffSection = BenchSection(
    name: "autodiff",
    summary: "graph overhead per node, min-char-rnn forward+backward it/s, jacobian of a 50-step recurrence",
    run: { _ in try runAutodiffBenchmark() })

private func runAutodiffBenchmark() throws {
    print("cpu: \(Bench.cpuModel())")
    try chainOverhead()
    try charRNNStep(hidden: 100, steps: 25, vocabulary: 89)
    try recurrenceJacobian(n: 100, steps: 50)
}

private func chainOverhead() throws {
    let length = 100_000
    let x = Variable(Tensor(0.5)), one = Variable(Tensor(1))
    let holder = ChainHolder()
    let clock = ContinuousClock()
    let record = try clock.measure {
        var chain = x
        for _ in 0..<length { chain = try chain + one }
        holder.output = chain
    }
    let backward = try clock.measure {
        if let output = holder.output { _ = try grads(output, wrt: [x]) }
    }
    let live = Variable.liveCount
    let release = clock.measure { holder.output = nil }
    func perNode(_ d: Duration) -> String {
        Bench.fixed(seconds(d) * 1e9 / Double(length), 0) + " ns"
    }
    print("chain of \(length) scalar adds: record \(perNode(record))/node, backward \(perNode(backward))/node, release \(perNode(release))/node (\(live - Variable.liveCount) nodes freed)")
}

/// Owns the chain so the benchmark decides when it is released.
private final class ChainHolder {
    var output: Variable?
}

private func charRNNStep(hidden h: Int, steps t: Int, vocabulary v: Int) throws {
    var generator = RandomGenerator(seed: 42)
    func param(_ shape: [Int]) throws -> Variable {
        Variable(try Tensor.randn(shape, using: &generator).map { $0 * 0.01 })
    }
    let wxh = try param([h, v]), whh = try param([h, h]), why = try param([v, h])
    let bh = Variable(try Tensor.zeros([h])), by = Variable(try Tensor.zeros([v]))
    let inputs = (0..<t).map { _ in generator.nextInt(below: v) }
    let targets = (0..<t).map { _ in generator.nextInt(below: v) }
    let oneHots = try inputs.map { Variable(try Tensor.oneHot([$0], depth: v).reshaped([v])) }
    let params = [wxh, whh, why, bh, by]
    let seconds = try Bench.bestSeconds(repetitions: 50) {
        var state = Variable(try Tensor.zeros([h]))
        var loss = Variable(Tensor(0))
        for k in 0..<t {
            state = try (wxh.matmul(oneHots[k]) + whh.matmul(state) + bh).tanh()
            let scores = try why.matmul(state) + by
            loss = try loss + scores.crossEntropy(targets: [targets[k]])
        }
        _ = try grads(loss, wrt: params)
    }
    print("min-char-rnn loss+gradient (H=\(h), T=\(t), V=\(v)) through the graph: \(Bench.fixed(1 / seconds, 1)) it/s (\(Bench.fixed(seconds * 1e3, 2)) ms/it)")
}

private func recurrenceJacobian(n: Int, steps: Int) throws {
    var generator = RandomGenerator(seed: 7)
    let w = Variable(try Tensor.orthogonal(n, using: &generator))
    let h0 = Variable(try Tensor.randn([n], using: &generator))
    var h = h0
    for _ in 0..<steps { h = try w.matmul(h) }
    let output = h
    let seconds = try Bench.bestSeconds(repetitions: 5) { _ = try jacobian(output, wrt: h0) }
    print("jacobian(h_\(steps), h_0), n = \(n): \(Bench.fixed(seconds * 1e3, 1)) ms (\(n) sweeps of \(steps) matmul pullbacks)")
}

private func seconds(_ d: Duration) -> Double {
    Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
}
