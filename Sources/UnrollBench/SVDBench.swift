import Foundation
import TensorCore

/// `UnrollBench svd`: seconds for singular values and the full thin SVD of random
/// square matrices (one-sided Jacobi) next to numpy's LAPACK (`gesdd`), single-threaded.
let svdSection = BenchSection(
    name: "svd",
    summary: "seconds for singularValues() and svd() of random n×n (n = 100, 200, 400) vs numpy; [n …] picks sizes",
    run: { arguments in
        let custom = arguments.compactMap { Int($0) }.filter { $0 > 0 }
        try runSVDBenchmark(sizes: custom.isEmpty ? [100, 200, 400] : custom)
    })

private func runSVDBenchmark(sizes: [Int]) throws {
    let numpy = numpySVDSeconds(sizes: sizes)
    print("timing: thread CPU seconds, best of 3 runs after a warm-up; numpy single-threaded (OPENBLAS_NUM_THREADS=1)")
    print("n      svals s    numpy svals s   svd s      numpy svd s")
    var generator = RandomGenerator(seed: 2)
    for n in sizes {
        let a = try Tensor.rand([n, n], low: -1, high: 1, using: &generator)
        let values = try Bench.bestThreadCPUSeconds(repetitions: 3) { _ = try a.singularValues() }
        let full = try Bench.bestThreadCPUSeconds(repetitions: 3) { _ = try a.svd() }
        let cells = [String(n), Bench.fixed(values, 4), numpy["s\(n)"].map { Bench.fixed($0, 4) } ?? "-",
                     Bench.fixed(full, 4), numpy["f\(n)"].map { Bench.fixed($0, 4) } ?? "-"]
        print(zip(cells, [7, 11, 16, 11, 0]).map { $0.padding(toLength: max($1, $0.count), withPad: " ", startingAt: 0) }.joined())
    }
}

/// numpy's best-of-3 seconds, keyed "s<n>" (values only) and "f<n>" (full thin SVD).
private func numpySVDSeconds(sizes: [Int]) -> [String: Double] {
    let script = """
    import time, numpy as np
    rng = np.random.default_rng(2)
    def best(f):
        f(); ts = []
        for _ in range(3):
            t = time.thread_time(); f(); ts.append(time.thread_time() - t)
        return min(ts)
    for n in \(sizes):
        a = rng.uniform(-1, 1, (n, n))
        print(f"s{n} {best(lambda: np.linalg.svd(a, compute_uv=False))}")
        print(f"f{n} {best(lambda: np.linalg.svd(a, full_matrices=False))}")
    """
    return Bench.pythonFigures(script)
}
