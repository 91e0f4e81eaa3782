import Foundation
import Recurrent
import TensorCore

/// The `kernels` section of UnrollBench.
let kernelsSection = BenchSection(
    name: "kernels",
    summary: "the character model's native kernels one by one at its shapes, with their share of an iteration",
    run: { try KernelBench.run($0) })

/// `UnrollBench kernels [--hidden H] [--seq T] [--vocab V]`
///
/// Times each kernel of one training iteration of the native character model
/// (default H = 512, T = 100, V = 89, the largest benchmark size) on its own,
/// with the build the process would use, and prints how long the calls one
/// iteration makes take in total. A plain streaming read of Whh shows the L3
/// bandwidth that bounds the two matvecs when Whh does not fit in L2.
enum KernelBench {
    static func run(_ arguments: [String]) throws {
        var H = 512, T = 100, V = 89
        var i = 0
        while i < arguments.count {
            guard i + 1 < arguments.count, let value = Int(arguments[i + 1]), value > 0, value <= 4096 else {
                throw BenchError("use --hidden H, --seq T, --vocab V with values in 1...4096")
            }
            switch arguments[i] {
            case "--hidden": H = value
            case "--seq": T = value
            case "--vocab": V = value
            default: throw BenchError("unknown argument \(arguments[i]); use --hidden H, --seq T, --vocab V")
            }
            i += 2
        }
        let k = NativeInstructionSet.activeKernels
        func buffer(_ n: Int) -> UnsafeMutablePointer<Double> {
            let p = UnsafeMutablePointer<Double>.allocate(capacity: n)
            for j in 0..<n { p[j] = Double((j &* 7919) % 1000) * 1e-4 - 0.05 }
            return p
        }
        let whh = buffer(H * H), x = buffer(H), y = buffer(H)
        let states = buffer((T + 1) * H), outputs = buffer(T * V), why = buffer(V * H), whyT = buffer(H * V)
        let c = buffer(H * H), scratch = buffer(max(k.gemmScratchCount(T, V, H), k.gemmScratchCount(V, H, T), k.gemmScratchCount(T, H, V), k.gemmScratchCount(H, H, T)))
        let count = 2 * H * V + H * H + H + V
        let params = buffer(count), grads = buffer(count), memory = buffer(count)
        for j in 0..<count { memory[j] = abs(memory[j]) }
        defer { for p in [whh, x, y, states, outputs, why, whyT, c, scratch, params, grads, memory] { p.deallocate() } }

        if let note = NativeInstructionSet.requestNote { print("warning: \(note)") }
        print("native kernels (\(NativeInstructionSet.active.rawValue) build) at H = \(H), T = \(T), V = \(V); CPU time per call, best of 5")
        print("kernel                         per call     rate            calls/iter  ms/iter")
        var total = 0.0
        func report(_ name: String, seconds: Double, rate: String, calls: Int) {
            let perIteration = seconds * Double(calls) * 1e3
            total += perIteration
            print([name.padding(toLength: 30, withPad: " ", startingAt: 0), String(format: "%9.2f µs", seconds * 1e6).padding(toLength: 12, withPad: " ", startingAt: 0),
                   rate.padding(toLength: 15, withPad: " ", startingAt: 0), String(format: "%10d", calls), String(format: "%8.3f", perIteration)].joined(separator: " "))
        }
        func gflops(_ flops: Double, _ s: Double) -> String { String(format: "%.1f GFLOP/s", flops / s / 1e9) }
        let repeats = 50
        var sink = 0.0
        let stream = Bench.bestThreadCPUSeconds(repetitions: 5) {
            for _ in 0..<repeats { sink += k.streamingSum(whh, H * H) }
        } / Double(repeats)
        print(["read Whh, same direction each".padding(toLength: 30, withPad: " ", startingAt: 0), String(format: "%9.2f µs", stream * 1e6).padding(toLength: 12, withPad: " ", startingAt: 0),
               String(format: "%.1f GB/s", Double(8 * H * H) / stream / 1e9)].joined(separator: " ") + "   (reference, not counted)")
        let forward = Bench.bestThreadCPUSeconds(repetitions: 5) {
            for r in 0..<repeats { k.matvec(H, H, whh, r % 2 == 0 ? x : y, r % 2 == 0 ? y : x, r % 2 == 1, false) }
        } / Double(repeats)
        report("matvec Whh·h", seconds: forward, rate: gflops(2.0 * Double(H * H), forward), calls: T)
        let backward = Bench.bestThreadCPUSeconds(repetitions: 5) {
            for r in 0..<repeats { k.matvecTransposed(H, H, whh, r % 2 == 0 ? x : y, r % 2 == 0 ? y : x, r % 2 == 1, false) }
        } / Double(repeats)
        report("matvecTransposed Whhᵀ·r", seconds: backward, rate: gflops(2.0 * Double(H * H), backward), calls: T - 1)
        let shapes: [(String, Int, Int, Int, UnsafePointer<Double>, Int, Int, UnsafePointer<Double>, Int)] = [
            ("gemm logits (T×V×H)", T, V, H, UnsafePointer(states + H), H, 1, UnsafePointer(whyT), V),
            ("gemm dWhy (V×H×T)", V, H, T, UnsafePointer(outputs + (T - 1) * V), 1, -V, UnsafePointer(states + T * H), -H),
            ("gemm Whyᵀg (T×H×V)", T, H, V, UnsafePointer(outputs), V, 1, UnsafePointer(why), H),
            ("gemm dWhh (H×H×T)", H, H, T, UnsafePointer(states + (T - 1) * H), 1, -H, UnsafePointer(states + (T - 1) * H), -H),
        ]
        for (name, m, n, kk, a, rs, cs, b, ldb) in shapes {
            let s = Bench.bestThreadCPUSeconds(repetitions: 5) { k.gemm(m, n, kk, a, rs, cs, b, ldb, c, n, false, scratch) }
            report(name, seconds: s, rate: gflops(2.0 * Double(m * n * kk), s), calls: 1)
        }
        // The same four products through the blocked GEMM behind `@`, for comparison (not counted):
        // the character model keeps its own driver because it is faster at these shapes.
        let blockedShapes: [(String, Int, Int, Int, UnsafePointer<Double>, Int, Int, UnsafePointer<Double>, Int, Int)] = [
            ("  (blocked: logits)", T, V, H, UnsafePointer(states + H), H, 1, UnsafePointer(why), 1, H),
            ("  (blocked: dWhy)", V, H, T, UnsafePointer(outputs + (T - 1) * V), 1, -V, UnsafePointer(states + T * H), -H, 1),
            ("  (blocked: Whyᵀg)", T, H, V, UnsafePointer(outputs), V, 1, UnsafePointer(why), H, 1),
            ("  (blocked: dWhh)", H, H, T, UnsafePointer(states + (T - 1) * H), 1, -H, UnsafePointer(states + (T - 1) * H), -H, 1),
        ]
        for (name, m, n, kk, a, rs, cs, b, brs, bcs) in blockedShapes {
            let s = Bench.bestThreadCPUSeconds(repetitions: 5) { k.blockedGemm(m, n, kk, 1, a, rs, cs, b, brs, bcs, 0, c, n) }
            report(name, seconds: s, rate: gflops(2.0 * Double(m * n * kk), s), calls: 0)
        }
        let adagrad = Bench.bestThreadCPUSeconds(repetitions: 5) { k.adagradUpdate(params, grads, memory, count, 1e-12, 1e-8) }
        report("adagrad (\(count) parameters)", seconds: adagrad, rate: String(format: "%.2f ns/value", adagrad / Double(count) * 1e9), calls: 1)
        let tanh = Bench.bestThreadCPUSeconds(repetitions: 5) {
            for r in 0..<repeats { k.tanhInPlace(states + (r % T) * H, H) }
        } / Double(repeats)
        report("tanh (H values)", seconds: tanh, rate: String(format: "%.2f ns/value", tanh / Double(H) * 1e9), calls: T)
        print(String(format: "sum of the kernels above: %.3f ms per iteration (%.1f it/s if nothing else ran)", total, 1e3 / total))
        keepAlive(sink)
    }
}

/// Uses `value` where the optimiser cannot see, so the loop that computed it is kept.
@inline(never)
func keepAlive(_ value: Double) {
    if value == -.greatestFiniteMagnitude { print("") }
}
