import Foundation
import Kernel
import TensorLang

/// `UnrollBench pictures`: milliseconds to draw the pictures the issue names — an
/// unrolled network of T = 100 states with its factors and gradients, a 5-series
/// plot of 100 points each, and the factor view of 100 steps — as terminal text
/// (100 columns) and as SVG, the whole `draw_unrolled`/`plot` call through a
/// session too, next to matplotlib drawing the same plot as SVG.
let picturesSection = BenchSection(
    name: "pictures",
    summary: "ms to draw draw_unrolled T = 100, a 5-series 100-point plot and draw_factors T = 100 (text, SVG, whole call) vs matplotlib",
    run: { _ in try runPictureBenchmark() })

private func runPictureBenchmark() throws {
    let states = (0...100).map { t in (0..<3).map { i in tanh(sin(Double(t) * 0.7 + Double(i))) } }
    let unrolled = Picture.unrolled(UnrolledDiagram(
        states: states, gradients: states.map { $0.map { $0 * 0.1 } }, factors: [nil] + (1...100).map { 0.8 + 0.3 * sin(Double($0)) },
        productShown: states.map { _ in true }, sigma: 1.08, title: "T = 100"))
    let xs = (0..<100).map { Double($0) / 10 }
    let plot = Picture.chart(Plot(series: (0..<5).map { s in Plot.Series(name: "series \(s)", x: xs, y: xs.map { exp(-Double(s) * $0 / 5) }) },
                                  title: "five series", logY: true, xLabel: "x"))
    let factors = Picture.factors(FactorDiagram(norms: (1...100).map { 0.8 + 0.3 * sin(Double($0)) },
                                                chainNorms: (1...100).map { pow(0.97, Double($0)) }, sigma: 1.08, title: "T = 100"))
    let text = PictureRenderer(drawsSVG: false, display: DisplayOptions(columns: 100))
    let svg = PictureRenderer(drawsSVG: true, display: DisplayOptions(columns: 100))

    let session = Session.standard(.script(environment: ["COLUMNS": "100"], json: false))
    let setup = """
        W = [[0.9, -0.4, 0.2], [0.3, 0.8, -0.5], [-0.2, 0.4, 0.7]]
        X = 0.5 * randn(100, 3, seed=1)
        hs = [zeros(3)]
        for t in 0..100 { hs = push(hs, tanh(W @ last(hs) + X[t])) }
        xs = linspace(0, 9.9, 100)
        ys = stack(exp(-0 * xs), exp(-0.2 * xs), exp(-0.4 * xs), exp(-0.6 * xs), exp(-0.8 * xs))
        """
    guard session.execute(setup, storeHistory: false, onOutput: { _ in }).error == nil else { throw BenchError("the setup cell failed") }
    func call(_ code: String) throws -> Double {
        if let error = session.execute(code, storeHistory: false, onOutput: { _ in }).error { throw BenchError("\(code): \(error.value)") }
        // Wall time: the session runs the interpreter on a thread of its own.
        return Bench.bestSeconds(repetitions: 20) { _ = session.execute(code, storeHistory: false) { _ in } } * 1000
    }

    let peers = plotPeerMilliseconds()
    print("timing: best of 20 runs after a warm-up, thread CPU ms (whole call: wall ms); the issue's limit is 10 ms per picture")
    print("picture                          text ms   SVG+text ms   whole call ms   peers")
    let rows: [(String, Picture, String, String)] = [
        ("draw_unrolled, T = 100", unrolled, "draw_unrolled(hs, hs, W=W)", ""),
        ("plot, 5 series × 100 points", plot, "plot(ys, x=xs, log=true)", peers["matplotlib SVG"].map { "matplotlib SVG \(Bench.fixed($0, 1)) ms" } ?? ""),
        ("draw_factors, T = 100", factors, "draw_factors(hs, W=W)", ""),
    ]
    for (name, picture, code, peer) in rows {
        let textMs = try milliseconds { _ = text.bundle(for: picture) }
        let svgMs = try milliseconds { _ = svg.bundle(for: picture) }
        let whole = try call(code)
        var cells = [name, Bench.fixed(textMs, 3), Bench.fixed(svgMs, 3), Bench.fixed(whole, 3), peer]
        if name.hasPrefix("plot"), let matplotlib = peers["matplotlib SVG"] {
            cells[4] += " (\(Bench.fixed(matplotlib / svgMs, 0))× our SVG+text)"
        }
        print(zip(cells, [33, 10, 14, 16, 0]).map { $0.padding(toLength: max($1, $0.count), withPad: " ", startingAt: 0) }.joined())
    }
    if peers.isEmpty { print("(no peer: pip install matplotlib)") }
}

private func milliseconds(_ body: () throws -> Void) throws -> Double {
    try Bench.bestThreadCPUSeconds(repetitions: 20, body) * 1000
}

/// The same 5 × 100 plot drawn by matplotlib (to SVG, Agg backend), best of 20 in
/// thread CPU ms; empty when matplotlib is not installed.
private func plotPeerMilliseconds() -> [String: Double] {
    let script = """
    import io, time
    import numpy as np
    xs = np.arange(100) / 10
    ys = [np.exp(-s * xs / 5) for s in range(5)]
    def best(f):
        f(); ts = []
        for _ in range(20):
            t = time.thread_time(); f(); ts.append(time.thread_time() - t)
        return min(ts) * 1000
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        def mpl():
            fig, ax = plt.subplots(figsize=(5.6, 3.2))
            for s, y in enumerate(ys):
                ax.plot(xs, y, marker="os^Dv"[s], markevery=10, label=f"series {s}")
            ax.set_yscale("log"); ax.set_xlabel("x"); ax.set_title("five series"); ax.legend()
            fig.savefig(io.StringIO(), format="svg"); plt.close(fig)
        print("matplotlib SVG", best(mpl))
    except Exception:
        pass
    """
    return Bench.pythonFigures(script)
}
