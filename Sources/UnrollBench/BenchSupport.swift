import Foundation
import Processes

/// Shared utilities for benchmark sections: timing, machine facts, peers.
enum Bench {
    /// Wall time in seconds of `body`, the best of `repetitions` runs after one warm-up run.
    /// The minimum is the figure least disturbed by other processes on a shared machine.
    static func bestSeconds(repetitions: Int, _ body: () throws -> Void) rethrows -> Double {
        try body()
        var best = Double.infinity
        let clock = ContinuousClock()
        for _ in 0..<Swift.max(1, repetitions) {
            let elapsed = try clock.measure(body)
            best = Swift.min(best, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
        }
        return best
    }

    /// CPU time in seconds this thread spent in `body`, the best of `repetitions` runs after
    /// a warm-up. Unlike wall time it excludes the intervals in which other processes held
    /// the core, so it stays meaningful on a busy machine (caches are still shared).
    static func bestThreadCPUSeconds(repetitions: Int, _ body: () throws -> Void) rethrows -> Double {
        try body()
        var best = Double.infinity
        for _ in 0..<Swift.max(1, repetitions) {
            let start = threadCPUSeconds()
            try body()
            best = Swift.min(best, threadCPUSeconds() - start)
        }
        return best
    }

    /// The CPU time this thread has used so far, in seconds.
    static func threadCPUSeconds() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) * 1e-9
    }

    /// The clock rate in GHz as the kernel reports it (first `cpu MHz` line of /proc/cpuinfo), if readable.
    static func cpuGHz() -> Double? {
        guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("cpu MHz") {
            if let value = line.split(separator: ":").last.flatMap({ Double($0.trimmingCharacters(in: .whitespaces)) }) {
                return value / 1000
            }
        }
        return nil
    }

    /// The CPU model name from /proc/cpuinfo.
    static func cpuModel() -> String {
        guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else { return "unknown" }
        let line = text.split(separator: "\n").first { $0.hasPrefix("model name") }
        return line.flatMap { $0.split(separator: ":", maxSplits: 1).last }.map { $0.trimmingCharacters(in: .whitespaces) } ?? "unknown"
    }

    /// Runs `python3 -c script` single-threaded (BLAS thread variables set to 1) and reads the
    /// figures it prints, one `NAME VALUE` line each (the name may hold spaces; the last word is
    /// the number). Empty when Python or what the script imports is missing.
    static func pythonFigures(_ script: String) -> [String: Double] {
        guard let output = ChildProcess.output(["python3", "-c", script], environment: singleThreaded) else { return [:] }
        var figures: [String: Double] = [:]
        for line in output.split(separator: "\n") {
            let words = line.split(separator: " ")
            if words.count >= 2, let last = words.last, let value = Double(last) {
                figures[words.dropLast().joined(separator: " ")] = value
            }
        }
        return figures
    }

    /// The environment that keeps numpy's BLAS (and OpenMP) to one thread.
    static let singleThreaded = ["OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"]

    /// Formats a number with a fixed count of decimals.
    static func fixed(_ value: Double, _ decimals: Int = 2) -> String {
        String(format: "%.\(decimals)f", value)
    }
}
