import ArgumentParser
import Formats
import Foundation
import Recurrent
import TensorCore

/// `unroll train TEXTFILE`: min-char-rnn on a text file with the native kernels.
struct Train: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a character-level RNN on a text file (min-char-rnn, native kernels).",
        discussion: """
        Defaults reproduce min-char-rnn: hidden 100, seq 25, Adagrad lr 0.1, gradients clipped \
        elementwise to ±5. Ctrl-C stops after the current step (and saves with --save).
        Example: unroll train input.txt --iters 2000 --sample-every 500 --save model.ckpt
        """)

    @Argument(help: "The training text (UTF-8).") var textFile: String
    // Options a checkpoint also records are optional, so --resume knows which ones were given.
    @Option(help: "Hidden size H (default 100).") var hidden: Int?
    @Option(help: "Characters per iteration (truncated-BPTT length T; default 25).") var seq: Int?
    @Option(help: "Learning rate (default 0.1).") var lr: Double?
    @Option(help: "Number of iterations to run.") var iters: Int = 2000
    @Option(help: "Clip each gradient component to [-CLIP, CLIP] (0 turns clipping off; default 5).") var clip: Double?
    @Option(name: .customLong("clip-norm"), help: "Instead rescale the gradient to this global L2 norm when larger.") var clipNorm: Double?
    @Option(help: "Optimiser: adagrad, sgd, momentum or adam (default adagrad).") var optimizer: String?
    @Option(help: "Seed for the weight initialisation and for sampling.") var seed: UInt64 = 42
    @Option(help: "Save a checkpoint here at the end (written atomically); with --cell, the trained model as JSON.") var save: String?
    @Option(name: .customLong("save-digits"), help: "With --cell: significant digits per saved weight (17 keeps every bit).") var saveDigits: Int = 17
    @Option(help: "Continue from this checkpoint instead of a fresh model (--lr, --seq, --clip and --clip-norm change how it goes on).") var resume: String?
    @Option(name: .customLong("sample-every"), help: "Print a sample every N iterations (0: never).") var sampleEvery: Int = 0
    @Option(name: .customLong("sample-length"), help: "Characters per sample.") var sampleLength: Int = 200
    @Option(help: "Sampling temperature (0 picks the most likely character).") var temperature: Double = 1
    @Option(help: "Start from a weight file in min_char_rnn.py --dump-init JSON form.") var `init`: String?
    @Option(name: .customLong("log-json"), help: "Write every iteration's raw and smoothed loss here as JSON.") var logJSON: String?
    @Option(name: .customLong("report-every"), help: "Plain progress line every N iterations when not on a terminal.") var reportEvery: Int = 100
    @Flag(help: "Print a one-line JSON summary at the end (progress goes to standard error).") var json = false
    @Option(help: "Recurrent cell: rnn (the fast native engine), lstm, gru, mut1, mut2 or mut3.") var cell: String = "rnn"
    @Option(help: "Number of stacked layers.") var layers: Int = 1
    @Option(name: .customLong("student-forcing"), help: "Probability (0–1) that a step's input is the model's own prediction instead of the true character (scheduled sampling).")
    var studentForcing: Double = 0

    func run() throws {
        if let note = NativeInstructionSet.requestNote { FileHandle.standardError.write(Data("warning: \(note)\n".utf8)) }
        do {
            if cell != "rnn" || layers != 1 || studentForcing > 0 {
                try trainCell()
                return
            }
            try train()
        } catch let error as TensorError {
            // A model, text or checkpoint the library refuses: the run cannot start as given.
            throw CLIError.usage(error.description)
        }
    }

    private func validated() throws -> CharRNNTrainingConfig {
        guard iters >= 0 else { throw CLIError.usage("--iters must be 0 or more, got \(iters)") }
        guard sampleEvery >= 0, sampleLength >= 0, reportEvery >= 1 else {
            throw CLIError.usage("--sample-every and --sample-length must be 0 or more and --report-every at least 1")
        }
        guard temperature >= 0, temperature.isFinite else { throw CLIError.usage("--temperature must be 0 or more") }
        return CharRNNTrainingConfig(seqLength: seqLength, learningRate: learningRate, clipping: try clipping(), optimizer: try optimizerKind())
    }

    var hiddenSize: Int { hidden ?? 100 }
    var seqLength: Int { seq ?? 25 }
    var learningRate: Double { lr ?? 0.1 }
    var clipLimit: Double { clip ?? 5 }

    /// `--clip-norm`, or elementwise `--clip` (0: none).
    func clipping() throws -> GradientClipping {
        guard clipLimit >= 0, clipLimit.isFinite else { throw CLIError.usage("--clip must be a finite number ≥ 0, got \(clipLimit)") }
        let clipping: GradientClipping = clipNorm.map { .globalNorm($0) } ?? (clipLimit == 0 ? .none : .elementwise(clipLimit))
        return try clipping.validated()
    }

    func optimizerKind() throws -> OptimizerKind {
        switch optimizer ?? "adagrad" {
        case "adagrad": return .minCharRNN
        case "sgd": return .sgd
        case "momentum": return .momentum(0.9)
        case "adam": return .adamDefault
        case let other: throw CLIError.usage("unknown optimizer '\(other)'; choose adagrad, sgd, momentum or adam")
        }
    }

    private func readText() throws -> String {
        guard let data = FileManager.default.contents(atPath: textFile) else {
            throw CLIError.usage("cannot read '\(textFile)': no such file or not readable")
        }
        guard !data.isEmpty else { throw CLIError.usage("'\(textFile)' is empty; give a text with at least seq + 1 = \(seqLength + 1) characters") }
        guard let text = String(data: data, encoding: .utf8) else { throw CLIError.usage("'\(textFile)' is not valid UTF-8") }
        return text
    }

    private func makeTrainer(text: String, config: CharRNNTrainingConfig) throws -> CharRNNTrainer {
        let vocabulary = try CharVocabulary(text: text)
        let model: CharRNNModel
        if let path = `init` {
            guard let data = FileManager.default.contents(atPath: path) else { throw CLIError.usage("cannot read weight file '\(path)'") }
            model = try CharRNNModel(referenceJSON: data, vocabulary: vocabulary)
            guard model.vocabulary == vocabulary else {
                throw CLIError.usage("the vocabulary in '\(path)' differs from the characters of '\(textFile)'")
            }
        } else {
            model = try CharRNNModel(vocabulary: vocabulary, hidden: hiddenSize, seed: seed)
        }
        return try CharRNNTrainer(model: model, text: text, config: config)
    }

    private func train() throws {
        let config = try validated()
        let text = try readText()
        let resumed = try resume.map { try resumedTrainer(from: $0, text: text) }
        let trainer = try resumed?.trainer ?? makeTrainer(text: text, config: config)
        let model = trainer.model, T = trainer.config.seqLength
        var progress = TrainProgress(total: iters, plainEvery: reportEvery, toStandardError: json)
        if !json {
            progress.emit("data has \(text.unicodeScalars.count) characters, \(model.vocabulary.count) unique; H = \(model.hidden), T = \(T), \(model.layout.count) parameters")
        }
        if let resumed {
            progress.emit("resuming at iteration \(trainer.iteration)" + (resumed.changes.isEmpty ? " with the checkpoint's settings"
                                                                          : "; changed: " + resumed.changes.joined(separator: ", ")))
        }
        installInterruptHandler()
        var samples = RandomGenerator(seed: seed &+ 1)
        var raw: [Double] = [], smooth: [Double] = []
        if logJSON != nil {
            raw.reserveCapacity(min(iters, 1_000_000))
            smooth.reserveCapacity(min(iters, 1_000_000))
        }
        var failure: TensorError?
        var firstIteration: Double?
        let clock = ContinuousClock(), start = clock.now
        var done = 0
        while done < iters, !interruptRequested.load(ordering: .relaxed) {
            if sampleEvery > 0, trainer.iteration % sampleEvery == 0 { try printSample(trainer, &samples, &progress) }
            let step: CharRNNStep
            do { step = try trainer.step() } catch let error as TensorError { failure = error; break }
            if firstIteration == nil { firstIteration = processUptime() }
            done += 1
            if logJSON != nil { raw.append(step.loss); smooth.append(step.smoothLoss) }
            progress.update(done: done, iteration: step.iteration, smooth: step.smoothLoss, raw: step.loss)
        }
        let flops = model.layout.modelFlopsPerIteration(seqLength: T)
        try finish(RunSummary(done: done, seconds: Train.seconds(clock.now - start), iteration: trainer.iteration,
                              smoothLoss: trainer.smoothLoss, hidden: model.hidden, seq: T, vocabulary: model.vocabulary.count,
                              failure: failure, raw: raw, smooth: smooth),
                   progress: &progress,
                   extra: firstIteration.map { ["startup_to_first_iter_done_s": .double($0)] } ?? [:],
                   rateFields: { rate in ["gflops_model": .double(rate * flops / 1e9)] }) { progress in
            guard let save else { return }
            try AtomicFile.write(trainer.checkpoint().encoded(), to: URL(fileURLWithPath: save))
            if !json { progress.emit("saved checkpoint to \(save) (iteration \(trainer.iteration))") }
        }
    }

    private func printSample(_ trainer: CharRNNTrainer, _ generator: inout RandomGenerator, _ progress: inout TrainProgress) throws {
        let model = trainer.model
        let p = trainer.position + trainer.config.seqLength + 1 > trainer.data.count ? 0 : trainer.position
        let h = trainer.iteration == 0 || p == 0 ? nil : trainer.hidden
        let mode: SamplingMode = temperature == 0 ? .argmax : .temperature(temperature)
        let indices = try model.sample(seed: [Int(trainer.data[p])], count: sampleLength, mode: mode, h0: h, using: &generator)
        progress.breakLine()
        progress.emit("---- sample at iteration \(trainer.iteration) ----\n\(try model.vocabulary.decode(indices))\n----")
    }

    /// A duration in seconds.
    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
    }

    /// How a run went, for ``finish(_:progress:extra:rateFields:save:)``.
    private struct RunSummary {
        /// Iterations completed, and the wall-clock seconds they took.
        var done: Int, seconds: Double
        /// The trainer's iteration counter after the run (the next iteration's number).
        var iteration: Int
        var smoothLoss: Double
        var hidden: Int, seq: Int, vocabulary: Int
        var failure: TensorError?
        /// Every iteration's raw and smoothed loss, kept when `--log-json` is given.
        var raw: [Double], smooth: [Double]
    }

    /// The end every run shares: says so when Ctrl-C stopped it, writes `--log-json`,
    /// runs `save` (which may report on `progress`), prints the `--json` summary (with
    /// `extra` fields, and `rateFields` of the iterations per second) and leaves with the
    /// run's exit status. A diverging run's NaN loss is written as the string "NaN",
    /// so the summary is valid JSON whatever happened.
    private func finish(_ run: RunSummary, progress: inout TrainProgress, extra: [String: JSONValue] = [:],
                        rateFields: (Double) -> [String: JSONValue] = { _ in [:] },
                        save: (inout TrainProgress) throws -> Void = { _ in }) throws {
        let interrupted = run.done < iters && run.failure == nil
        if interrupted { progress.breakLine(); progress.emit("interrupted after iteration \(run.iteration - 1)") }
        if let logJSON {
            let log: JSONValue = ["impl": "unroll", "raw": JSONValue(run.raw), "smooth": JSONValue(run.smooth)]
            try AtomicFile.write(log.encoded(.spaced) + "\n", to: URL(fileURLWithPath: logJSON))
        }
        try save(&progress)
        if json {
            let rate = run.seconds > 0 ? Double(run.done) / run.seconds : 0
            var fields: [String: JSONValue] = [
                "impl": "unroll", "iters": .int(run.done), "seconds": .double(run.seconds), "iters_per_s": .double(rate),
                "chars_per_s": .double(rate * Double(run.seq)), "final_smooth_loss": .double(run.smoothLoss),
                "hidden": .int(run.hidden), "seq": .int(run.seq), "vocab": .int(run.vocabulary), "interrupted": .bool(interrupted),
            ]
            fields.merge(extra) { _, new in new }
            fields.merge(rateFields(rate)) { _, new in new }
            if let failure = run.failure { fields["error"] = .string(failure.description) }
            print(JSONValue.object(fields).encoded(.spaced))
        }
        if let failure = run.failure { throw CLIError.failed(failure.description) }
        if interrupted { throw CLIError.interrupted }
    }

    /// Training with another cell (or stacked layers) through the general native
    /// path: the same loop, flags and output. `--save` writes the trained model (weights and
    /// vocabulary as JSON, one layer only), not a checkpoint to resume from.
    private func trainCell() throws {
        guard ["rnn", "lstm", "gru", "mut1", "mut2", "mut3"].contains(cell) else {
            throw CLIError.usage("unknown cell '\(cell)'; choose rnn, lstm, gru, mut1, mut2 or mut3")
        }
        guard (1...16).contains(layers) else { throw CLIError.usage("--layers must be between 1 and 16, got \(layers)") }
        guard (0...1).contains(studentForcing) else { throw CLIError.usage("--student-forcing is a probability from 0 to 1, got \(studentForcing)") }
        for (flag, given) in [("--resume", resume != nil), ("--init", `init` != nil), ("--clip-norm", clipNorm != nil)] where given {
            throw CLIError.usage("\(flag) works with the vanilla engine only (--cell rnn --layers 1)")
        }
        if save != nil, layers != 1 { throw CLIError.usage("--save with --cell saves one layer only; use --layers 1") }
        let config = try validated()
        let text = try readText()
        var trainer = try CellCharTrainer(text: text, cell: cell, hidden: hiddenSize, layers: layers, seqLength: seqLength,
                                          learningRate: learningRate, clip: clipLimit, optimizer: config.optimizer, seed: UInt64(bitPattern: Int64(seed)))
        trainer.studentProbability = studentForcing
        var progress = TrainProgress(total: iters, plainEvery: reportEvery, toStandardError: json)
        if !json {
            progress.emit("data has \(text.unicodeScalars.count) characters, \(trainer.vocabulary.count) unique; \(cell) × \(layers), H = \(hiddenSize), T = \(seqLength), \(trainer.model.parameterCount) parameters")
        }
        installInterruptHandler()
        var samples = RandomGenerator(seed: UInt64(bitPattern: Int64(seed)) &+ 1)
        var raw: [Double] = [], smooth: [Double] = []
        var failure: TensorError?
        let clock = ContinuousClock(), start = clock.now
        var done = 0
        while done < iters, !interruptRequested.load(ordering: .relaxed) {
            if sampleEvery > 0, trainer.iteration % sampleEvery == 0 {
                let text = try trainer.sample(after: trainer.firstCharacter, count: sampleLength, temperature: temperature, using: &samples)
                progress.breakLine()
                progress.emit("---- sample at iteration \(trainer.iteration) ----\n\(text)\n----")
            }
            let loss: Double
            do { loss = try trainer.step() } catch let error as TensorError { failure = error; break }
            done += 1
            if logJSON != nil { raw.append(loss); smooth.append(trainer.smoothLoss) }
            progress.update(done: done, iteration: trainer.iteration - 1, smooth: trainer.smoothLoss, raw: loss)
        }
        try finish(RunSummary(done: done, seconds: Train.seconds(clock.now - start), iteration: trainer.iteration,
                              smoothLoss: trainer.smoothLoss, hidden: hiddenSize, seq: seqLength, vocabulary: trainer.vocabulary.count,
                              failure: failure, raw: raw, smooth: smooth),
                   progress: &progress, extra: ["cell": .string(cell), "layers": .int(layers)], save: { progress in
            guard let save else { return }
            let note = "unroll train TEXT --cell \(cell) --hidden \(hiddenSize) --seq \(seqLength) --lr \(learningRate) --clip \(clipLimit) --optimizer \(optimizer ?? "adagrad") --seed \(seed) --iters \(iters); \(trainer.iteration) iterations, smoothed loss \(trainer.smoothLoss)"
            try AtomicFile.write(try trainer.charModel().json(note: note, digits: saveDigits), to: URL(fileURLWithPath: save))
            if !json { progress.emit("saved the model to \(save) (iteration \(trainer.iteration))") }
        })
    }
}

/// Seconds since this process started (from /proc, 10 ms resolution), or nil.
func processUptime() -> Double? {
    guard let stat = try? String(contentsOfFile: "/proc/self/stat", encoding: .utf8),
          let close = stat.lastIndex(of: ")"),
          let uptimeText = try? String(contentsOfFile: "/proc/uptime", encoding: .utf8),
          let uptime = uptimeText.split(separator: " ").first.flatMap({ Double($0) }) else { return nil }
    let fields = stat[stat.index(after: close)...].split(separator: " ")
    guard fields.count > 19, let ticks = Double(fields[19]) else { return nil }
    let hz = Double(sysconf(Int32(_SC_CLK_TCK)))
    return uptime - ticks / hz
}
