import Foundation
import TensorCore
import TensorLang
import Autodiff

/// `UnrollBench interp [steps] [hidden]`: a vanilla RNN loop written in the language versus the
/// same arithmetic in straight Swift on `Tensor`, reported as a ratio (language / native).
///
/// The loop is `h = tanh(Whh @ h + Wxh @ x + b)` for 1,000 steps with H = 100, the shape of a
/// forward pass over a sequence. The language also records every operation for autodiff.
let interpSection = BenchSection(name: "interp", summary: "the language's RNN loop vs native Swift on Tensor (ratio)") { args in
    let steps = args.first.flatMap(Int.init) ?? 1000
    let hidden = args.dropFirst().first.flatMap(Int.init) ?? 100
    let setup = """
        H = \(hidden)
        Whh = randn(H, H, seed=1) * 0.05
        Wxh = randn(H, H, seed=2) * 0.05
        b = zeros(H)
        x = randn(H, seed=3)
        """
    let loop = "h = zeros(H)\nfor t in 0..\(steps) { h = tanh(Whh @ h + Wxh @ x + b) }\n"

    var languageResult: [Double] = []
    // The setup (a few random draws) is timed with the loop; it is small next to 1,000 steps.
    let language = try Bench.bestSeconds(repetitions: 5) {
        let session = Interpreter()
        session.execute(setup)
        let outputs = session.execute(loop)
        if case .error(let d, let source)? = outputs.first { throw BenchFailure(DiagnosticRenderer.render(d, source: source)) }
        if case .tensor(let h)? = session.value(of: "h") { languageResult = h.value.scalars }
    }

    // The same numbers in straight Swift (the session generator is not involved: every draw is seeded).
    var g1 = RandomGenerator(seed: 1), g2 = RandomGenerator(seed: 2), g3 = RandomGenerator(seed: 3)
    let whh = try Tensor.randn([hidden, hidden], using: &g1) * Tensor(0.05)
    let wxh = try Tensor.randn([hidden, hidden], using: &g2) * Tensor(0.05)
    let b = try Tensor.zeros([hidden])
    let x = try Tensor.randn([hidden], using: &g3)
    var nativeResult: [Double] = []
    let native = try Bench.bestSeconds(repetitions: 5) {
        var h = try Tensor.zeros([hidden])
        for _ in 0..<steps { h = try (whh.matmul(h) + wxh.matmul(x) + b).tanh() }
        nativeResult = h.scalars
    }
    // The same loop on recorded Variables: what graph recording alone costs.
    let (vwhh, vwxh, vb, vx) = (Variable(whh), Variable(wxh), Variable(b), Variable(x))
    let recorded = try Bench.bestSeconds(repetitions: 5) {
        var h = Variable(try Tensor.zeros([hidden]))
        for _ in 0..<steps { h = try (vwhh.matmul(h) + vwxh.matmul(vx) + vb).tanh() }
    }
    let agree = languageResult == nativeResult
    print("interp: \(steps)-step RNN loop, H = \(hidden), \(Bench.cpuModel())")
    print("  language (with graph recording): \(Bench.fixed(language * 1000, 1)) ms")
    print("  native Swift on Tensor:          \(Bench.fixed(native * 1000, 1)) ms")
    print("  Swift on recorded Variables:     \(Bench.fixed(recorded * 1000, 1)) ms  (\(Bench.fixed(recorded / native, 2))× native: the cost of recording)")
    print("  ratio language / native:         \(Bench.fixed(language / native, 2))×   results identical: \(agree)")
}

struct BenchFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
