import Formats
import Foundation
import Processes
import Recurrent
import TensorCore

/// The `train` section of UnrollBench.
let trainSection = BenchSection(
    name: "train",
    summary: "min-char-rnn training it/s, chars/s and GFLOP/s at H = 100/256/512 vs numpy (same run, pinned)",
    run: { try TrainBenchmark.run($0) })

/// `UnrollBench train [--quick] [--no-peers] [--size H] [--input FILE] [--peer-dir DIR]`
///
/// Trains min-char-rnn (batch 1, float64, Adagrad, elementwise clip 5) at three
/// sizes and prints iterations/s, chars/s and model GFLOP/s, counting
/// T·(6HV + 6H²) flops per iteration, next to the peers of ../shared/bench run
/// in the same invocation on one core with one BLAS thread: numpy
/// (`min_char_rnn.py`) always, JAX (one jit call per iteration, and 100
/// iterations fused per call) and PyTorch when python3 can import them.
/// Pin this process too (`taskset -c 0`, as bench/train.sh does).
enum TrainBenchmark {
    struct Size { let hidden: Int, seq: Int, lr: Double, iters: Int }
    struct Measurement {
        let itersPerSecond: Double, finalSmooth: Double
        /// Iterations per second of this thread's CPU time (robust on a busy machine).
        var cpuItersPerSecond: Double? = nil
    }

    static let sizes = [Size(hidden: 100, seq: 25, lr: 0.1, iters: 2000),
                        Size(hidden: 256, seq: 50, lr: 0.1, iters: 1000),
                        Size(hidden: 512, seq: 100, lr: 0.01, iters: 300)]
    /// The fused-JAX and numpy figures measured pinned on the reference machine
    /// (../shared/bench/README.md, medians of 3). On a busy machine compare
    /// speed-ups over numpy measured in the same run: native/numpy here against
    /// jax/numpy there.
    static let jaxFusedReference: [Int: Double] = [100: 2805.9, 256: 432.2, 512: 65.9]
    static let numpyReference: [Int: Double] = [100: 541.5, 256: 109.4, 512: 12.8]

    static func run(_ arguments: [String]) throws {
        var peerDir = "../shared/bench", input: String? = nil, quick = false, skipPeers = false, only: Int? = nil
        var i = 0
        while i < arguments.count {
            switch arguments[i] {
            case "--quick": quick = true
            case "--no-peers": skipPeers = true
            case "--size" where i + 1 < arguments.count: i += 1; only = Int(arguments[i])
            case "--input" where i + 1 < arguments.count: i += 1; input = arguments[i]
            case "--peer-dir" where i + 1 < arguments.count: i += 1; peerDir = arguments[i]
            default: throw BenchError("unknown argument \(arguments[i]); use --quick, --no-peers, --size H, --input FILE, --peer-dir DIR")
            }
            i += 1
        }
        let inputPath = input ?? peerDir + "/data/input.txt"
        guard let text = try? String(contentsOfFile: inputPath, encoding: .utf8) else {
            throw BenchError("cannot read \(inputPath); pass --input FILE")
        }
        let script = peerDir + "/min_char_rnn.py"
        let haveNumpy = !skipPeers && FileManager.default.fileExists(atPath: script) && pythonImports("numpy")
        // Importing jax takes a second or two, so each library is probed once.
        let importable = skipPeers ? [] : Set(["jax", "torch"].filter(pythonImports))
        /// Peers beyond numpy that run here: name, script, extra arguments.
        var others: [(name: String, script: String, arguments: [String])] = []
        if importable.contains("jax") {
            others.append(("jax", "jax_char_rnn.py", []))
            others.append(("jax-fuse100", "jax_char_rnn.py", ["--fuse", "100"]))
        }
        if importable.contains("torch") { others.append(("torch", "torch_char_rnn.py", ["--variant", "manual"])) }
        print("min-char-rnn training benchmark: batch 1, float64, Adagrad, clip ±5; \(text.unicodeScalars.count) chars of \(inputPath)")
        if let note = NativeInstructionSet.requestNote { print("warning: \(note)") }
        print("this process: cpus allowed = \(allowedCPUs()); native kernels: \(NativeInstructionSet.active.rawValue) build (UNROLL_KERNELS=baseline|avx2 to choose); peers: taskset -c 0, OMP/OPENBLAS/MKL_NUM_THREADS=1")
        for lib in ["jax", "torch"] where !importable.contains(lib) {
            print("peer \(lib): not run (\(skipPeers ? "--no-peers" : "not importable here")); README figures for fused JAX shown for reference")
        }
        if !haveNumpy { print("peer numpy: skipped (\(skipPeers ? "--no-peers" : "python3/numpy or \(script) missing"))") }
        print("")
        print("H    T    lr     iters  impl        it/s       chars/s    GFLOP/s  smooth loss  ratio")
        for size in sizes where only == nil || only == size.hidden {
            let iters = quick ? max(size.iters / 10, 20) : size.iters
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("unroll-bench-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: dir) }
            var numpy: Measurement? = nil
            var model: CharRNNModel
            if haveNumpy {
                let initFile = dir.appendingPathComponent("init.json").path
                numpy = try runPeer(script: script, input: inputPath, size: size, iters: iters, extra: ["--dump-init", initFile])
                model = try CharRNNModel(referenceJSON: Data(contentsOf: URL(fileURLWithPath: initFile)))
            } else {
                model = try CharRNNModel(vocabulary: CharVocabulary(text: text), hidden: size.hidden, seed: 42)
            }
            let ours = try runNative(model: model, text: text, size: size, iters: iters)
            let flops = model.layout.modelFlopsPerIteration(seqLength: size.seq)
            func line(_ name: String, _ m: Measurement, _ ratio: String) {
                let cols = [pad("\(size.hidden)", 4), pad("\(size.seq)", 4), pad("\(size.lr)", 6), pad("\(iters)", 6), pad(name, 11),
                            pad(Bench.fixed(m.itersPerSecond, 1), 10), pad(Bench.fixed(m.itersPerSecond * Double(size.seq), 0), 10),
                            pad(Bench.fixed(m.itersPerSecond * flops / 1e9, 2), 8), pad(Bench.fixed(m.finalSmooth, 3), 12), ratio]
                    + (m.cpuItersPerSecond.map { ["(cpu-time it/s \(Bench.fixed($0, 1)))"] } ?? [])
                print(cols.joined(separator: " "))
            }
            line("native", ours, "1.00")
            if let numpy { line("numpy", numpy, "native/numpy \(Bench.fixed(ours.itersPerSecond / numpy.itersPerSecond, 2))×") }
            for peer in others {
                let m = try runPeer(script: peerDir + "/" + peer.script, input: inputPath, size: size, iters: iters, extra: peer.arguments)
                line(peer.name, m, "native/\(peer.name) \(Bench.fixed(ours.itersPerSecond / m.itersPerSecond, 2))×")
            }
            if !others.contains(where: { $0.name == "jax-fuse100" }),
               let jax = jaxFusedReference[size.hidden], let numpyThere = numpyReference[size.hidden] {
                var line = "\(pad("", 36)) jax-fuse100 \(pad(Bench.fixed(jax, 1), 10)) (README, pinned; not run here)  native/jax \(Bench.fixed(ours.itersPerSecond / jax, 2))×"
                line += "; README jax/numpy \(Bench.fixed(jax / numpyThere, 2))×"
                if let numpy { line += " vs native/numpy \(Bench.fixed(ours.itersPerSecond / numpy.itersPerSecond, 2))× here" }
                print(line)
            }
        }
    }

    /// Times `iters` native training iterations (the loop only) from `model`.
    static func runNative(model: CharRNNModel, text: String, size: Size, iters: Int) throws -> Measurement {
        let trainer = try CharRNNTrainer(model: model, text: text,
                                         config: CharRNNTrainingConfig(seqLength: size.seq, learningRate: size.lr))
        let start = DispatchTime.now().uptimeNanoseconds, cpuStart = Bench.threadCPUSeconds()
        for _ in 0..<iters { try trainer.step() }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let cpu = Bench.threadCPUSeconds() - cpuStart
        return Measurement(itersPerSecond: Double(iters) / seconds, finalSmooth: trainer.smoothLoss,
                           cpuItersPerSecond: Double(iters) / cpu)
    }

    /// Runs a peer script of ../shared/bench pinned to core 0 with one BLAS
    /// thread, from seed-42 weights, and reads its JSON summary line.
    static func runPeer(script: String, input: String, size: Size, iters: Int, extra: [String]) throws -> Measurement {
        let command = ["taskset", "-c", "0", "python3", script, "--input", input, "--iters", "\(iters)",
                       "--hidden", "\(size.hidden)", "--seq", "\(size.seq)", "--lr", "\(size.lr)", "--seed", "42", "--report"] + extra
        guard let output = ChildProcess.output(command, environment: Bench.singleThreaded) else {
            throw BenchError("\(command.joined(separator: " ")) failed")
        }
        guard let last = output.split(separator: "\n").last(where: { $0.hasPrefix("{") }),
              let json = try? JSONValue.parse(Array(last.utf8)),
              let rate = json["iters_per_s"]?.doubleValue else {
            throw BenchError("\(script) printed no JSON summary")
        }
        return Measurement(itersPerSecond: rate, finalSmooth: json["final_smooth_loss"]?.doubleValue ?? .nan)
    }

    static func pythonImports(_ module: String) -> Bool {
        ChildProcess.output(["python3", "-c", "import \(module)"]) != nil
    }

    static func allowedCPUs() -> String {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("Cpus_allowed_list") }) else { return "?" }
        return line.split(separator: ":").last.map { $0.trimmingCharacters(in: .whitespaces) } ?? "?"
    }

    static func pad(_ s: String, _ width: Int) -> String { s.count >= width ? s : s + String(repeating: " ", count: width - s.count) }
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ message: String) { description = message }
}
