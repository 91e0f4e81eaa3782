import Foundation
import Synchronization

/// Set by the SIGINT handler; the training loop checks it after every step.
let interruptRequested = Atomic<Bool>(false)

/// Installs a SIGINT handler that only raises ``interruptRequested`` (a second
/// Ctrl-C falls back to the default action and ends the process at once).
func installInterruptHandler() {
    signal(SIGINT) { _ in
        interruptRequested.store(true, ordering: .relaxed)
        signal(SIGINT, SIG_DFL)
    }
}

/// Progress reporting for `unroll train`: a redrawn bar with iterations/s and
/// ETA on a terminal, plain periodic lines otherwise.
struct TrainProgress {
    let total: Int
    let interactive: Bool
    let colour: Bool
    let plainEvery: Int
    let toStandardError: Bool
    private var lastDraw = 0.0
    private let start = Date()

    init(total: Int, plainEvery: Int, toStandardError: Bool) {
        self.total = total
        self.plainEvery = max(1, plainEvery)
        self.toStandardError = toStandardError
        interactive = isatty(STDERR_FILENO) == 1
        let noColour = ProcessInfo.processInfo.environment["NO_COLOR"].map { !$0.isEmpty } ?? false
        colour = interactive && !noColour
    }

    func emit(_ line: String) {
        let data = Data((line + "\n").utf8)
        if toStandardError { FileHandle.standardError.write(data) } else { FileHandle.standardOutput.write(data) }
    }

    private static func clock(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds >= 0 else { return "--:--" }
        let s = Int(seconds.rounded())
        return s >= 3600 ? String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String(format: "%d:%02d", s / 60, s % 60)
    }

    /// Called after iteration `iteration` (0-based) of this run; plain lines
    /// appear at iterations 0, N, 2N… (like min-char-rnn's `iter n, loss`) and at the end.
    /// `done` counts this run's finished iterations; `iteration` is the trainer's number for the last one.
    mutating func update(done: Int, iteration: Int, smooth: Double, raw: Double) {
        let elapsed = Date().timeIntervalSince(start)
        let rate = elapsed > 0 ? Double(done) / elapsed : 0
        if interactive {
            guard elapsed - lastDraw >= 0.1 || done == total else { return }
            lastDraw = elapsed
            let width = 30, filled = total > 0 ? width * done / total : width
            let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
            let eta = rate > 0 ? Double(total - done) / rate : .nan
            let shown = colour ? "\u{1B}[32m\(bar)\u{1B}[0m" : bar
            let line = String(format: "\r%@ %d/%d  %.0f it/s  ETA %@  loss %.4f ", shown, done, total, rate, Self.clock(eta), smooth)
            FileHandle.standardError.write(Data(line.utf8))
            if done == total { FileHandle.standardError.write(Data("\n".utf8)) }
        } else if (done - 1) % plainEvery == 0 || done == total {
            emit(String(format: "iter %d, loss: %.6f (raw %.4f), %.1f it/s", iteration, smooth, raw, rate))
        }
    }

    /// Ends a bar line before other output is printed on the terminal.
    func breakLine() {
        if interactive { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
