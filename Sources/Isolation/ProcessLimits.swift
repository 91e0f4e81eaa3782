/// Hard limits on the process grading one submission, enforced by the kernel
/// and by killing: they hold whatever the code does, even inside a builtin that
/// never looks at the clock.
public struct ProcessLimits: Sendable {
    /// The process's whole address space (`RLIMIT_AS`), in bytes.
    public var memoryBytes: Int
    /// The time one exercise may take before its code is interrupted (cooperative).
    public var secondsPerExercise: Double

    public init(memoryBytes: Int = 1 << 30, secondsPerExercise: Double = 10) {
        self.memoryBytes = memoryBytes
        self.secondsPerExercise = secondsPerExercise
    }

    /// Wall seconds one exercise may run before its process is killed: twice the time
    /// limit (and at least two seconds more), so code that honours interrupts always
    /// stops first with a clear message.
    public var hardSecondsPerExercise: Double { max(2 * secondsPerExercise, secondsPerExercise + 2) }

    /// CPU seconds (`RLIMIT_CPU`) for a process that grades `exercises` exercises.
    func cpuSeconds(for exercises: Int) -> Int {
        Int((hardSecondsPerExercise * Double(max(exercises, 1))).rounded(.up)) + 1
    }

    var memoryDescription: String { "\(memoryBytes >> 20) MiB" }
}
