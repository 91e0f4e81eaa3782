import Foundation
import TensorCore

/// `UnrollBench matmul`: GFLOP/s of `Tensor.matmul` for square matrix·matrix and
/// matrix·vector products, against the core's double-precision peak and numpy.
///
/// Peak estimate: 16 double flops per cycle (two 256-bit FMA pipes: 2 × 4 lanes × 2
/// flops, the documented Zen 3 figure) times the clock read from /proc/cpuinfo;
/// at 2.45 GHz that is 39.2 GFLOP/s. Our kernel uses baseline x86-64 SIMD (128-bit,
/// no FMA), whose ceiling is half of that.
let matmulSection = BenchSection(
    name: "matmul",
    summary: "GFLOP/s of matmul (n = 64…512) and matrix·vector (n = 256…1024) vs peak and numpy; [n …] other sizes, --no-peers skips numpy",
    run: { arguments in
        let custom = arguments.compactMap { Int($0) }.filter { $0 > 0 }
        try runMatmulBenchmark(squareSizes: custom.isEmpty ? [64, 128, 256, 512] : custom,
                               vectorSizes: custom.isEmpty ? [256, 512, 1024] : custom,
                               withPeers: !arguments.contains("--no-peers"))
    })

private func runMatmulBenchmark(squareSizes: [Int], vectorSizes: [Int], withPeers: Bool) throws {
    let ghz = Bench.cpuGHz() ?? 2.45
    let peak = 16 * ghz
    print("cpu: \(Bench.cpuModel()), \(Bench.fixed(ghz, 3)) GHz (from /proc/cpuinfo)")
    print("double-precision peak estimate: 16 flops/cycle × \(Bench.fixed(ghz, 3)) GHz = \(Bench.fixed(peak, 1)) GFLOP/s")
    print("  (16 = two 256-bit FMA pipes × 4 doubles × 2 flops, or on Zen two 256-bit multiply and two add pipes;")
    print("   the kernels never fuse, and their baseline x86-64 build, 128-bit SSE2, tops out at half of that)")
    print("native kernels: \(NativeInstructionSet.active.rawValue) build (UNROLL_KERNELS=baseline|avx2 to choose)")
    print("numpy: single-threaded (OPENBLAS_NUM_THREADS=1), measured now in a python3 child process")
    print("timing: best of several runs after a warm-up, for both; GFLOP/s per second of the thread's")
    print("  CPU time (time while scheduled), with wall-clock GFLOP/s alongside for unroll")
    let numpy = withPeers ? numpyFigures(squareSizes: squareSizes, vectorSizes: vectorSizes) : [:]
    if withPeers && numpy.isEmpty { print("numpy: not available (python3 -c 'import numpy' failed); peer column left empty") }
    print("")
    print("op      n      unroll GFLOP/s   % peak   (wall)   numpy GFLOP/s   unroll/numpy")
    var generator = RandomGenerator(seed: 1)
    for n in squareSizes {
        let a = try Tensor.randn([n, n], using: &generator)
        let b = try Tensor.randn([n, n], using: &generator)
        let reps = Swift.max(5, 200_000_000 / (2 * n * n * n))
        let cpu = try Bench.bestThreadCPUSeconds(repetitions: reps) { _ = try a.matmul(b) }
        let wall = try Bench.bestSeconds(repetitions: reps) { _ = try a.matmul(b) }
        report("mm", n, flops: 2 * Double(n * n * n), cpu: cpu, wall: wall, peak: peak, numpy: numpy["mm\(n)"])
    }
    for n in vectorSizes {
        let a = try Tensor.randn([n, n], using: &generator)
        let x = try Tensor.randn([n], using: &generator)
        let reps = Swift.max(5, 50_000_000 / (2 * n * n))
        let cpu = try Bench.bestThreadCPUSeconds(repetitions: reps) { _ = try a.matmul(x) }
        let wall = try Bench.bestSeconds(repetitions: reps) { _ = try a.matmul(x) }
        report("mv", n, flops: 2 * Double(n * n), cpu: cpu, wall: wall, peak: peak, numpy: numpy["mv\(n)"])
    }
}

private func report(_ op: String, _ n: Int, flops: Double, cpu: Double, wall: Double, peak: Double, numpy: Double?) {
    let gflops = flops / cpu / 1e9
    let peer = numpy.map { Bench.fixed($0) } ?? "-"
    let ratio = numpy.map { Bench.fixed(gflops / $0) } ?? "-"
    let cells = [op.padding(toLength: 8, withPad: " ", startingAt: 0),
                 String(n).padding(toLength: 7, withPad: " ", startingAt: 0),
                 Bench.fixed(gflops).padding(toLength: 17, withPad: " ", startingAt: 0),
                 (Bench.fixed(100 * gflops / peak, 1) + "%").padding(toLength: 9, withPad: " ", startingAt: 0),
                 Bench.fixed(flops / wall / 1e9).padding(toLength: 9, withPad: " ", startingAt: 0),
                 peer.padding(toLength: 16, withPad: " ", startingAt: 0),
                 ratio]
    print(cells.joined())
}

/// numpy's single-threaded GFLOP/s for the same products, keyed "mm<n>" / "mv<n>".
private func numpyFigures(squareSizes: [Int], vectorSizes: [Int]) -> [String: Double] {
    let script = """
    import time, numpy as np
    rng = np.random.default_rng(1)
    def best(f, reps):
        f(); ts = []
        for _ in range(reps):
            t = time.thread_time(); f(); ts.append(time.thread_time() - t)
        return min(ts)
    for n in \(squareSizes):
        a = rng.standard_normal((n, n)); b = rng.standard_normal((n, n))
        s = best(lambda: a @ b, max(5, 200_000_000 // (2 * n ** 3)))
        print(f"mm{n} {2 * n ** 3 / s / 1e9}")
    for n in \(vectorSizes):
        a = rng.standard_normal((n, n)); x = rng.standard_normal(n)
        s = best(lambda: a @ x, max(5, 50_000_000 // (2 * n * n)))
        print(f"mv{n} {2 * n * n / s / 1e9}")
    """
    return Bench.pythonFigures(script)
}
