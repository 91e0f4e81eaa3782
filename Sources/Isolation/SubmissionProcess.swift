#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import Foundation
import Courseware

/// Grades one submission in a process of its own, forked from a worker that has
/// prepared the lesson (copy-on-write: the prepared sessions are shared, not rebuilt).
///
/// The process gets hard limits (address space, CPU time, no files, no core dumps) and
/// reports each exercise as it finishes. If it dies or overruns an exercise's wall
/// deadline (and is killed), that exercise scores 0 with the reason, and a fresh process
/// grades the exercises after it: one exercise cannot take the others down with it.
struct SubmissionProcess {
    let lesson: Lesson
    let grader: Grader
    let limits: ProcessLimits

    func grade(_ submission: Submission) -> [ExerciseReport] {
        let exercises = lesson.exercises
        var reports = [ExerciseReport?](repeating: nil, count: exercises.count)
        var next = 0
        while next < exercises.count {
            let ending = run(submission, from: next, into: &reports)
            guard let stopped = (next..<exercises.count).first(where: { reports[$0] == nil }) else { break }
            reports[stopped] = Grader.unfinished(exercises[stopped], reason: ending.reason(limits))
            next = stopped + 1
        }
        return zip(exercises, reports).map { exercise, report in
            report ?? Grader.unfinished(exercise, reason: "not graded")
        }
    }

    /// How a submission's process ended.
    enum Ending {
        case exited(Int32)
        case signalled(Int32)
        case killedAtDeadline
        case notStarted(String)

        func reason(_ limits: ProcessLimits) -> String {
            let hard = "\(Int(limits.hardSecondsPerExercise.rounded(.up))) s"
            switch self {
            case .killedAtDeadline:
                return "stopped: this exercise ran past the hard limit of \(hard) (the time limit did not stop it, as happens inside a long builtin), so its process was killed"
            case .signalled(let signal):
                let name = Self.signalName(signal)
                if signal == SIGXCPU || signal == SIGKILL {
                    return "stopped by \(name): the grading process used up its CPU time (limit \(limits.cpuSeconds(for: 1)) s per exercise) or its memory"
                }
                return "the grading process crashed (\(name)), most likely at the memory limit of \(limits.memoryDescription) (use less memory); if not, tell your instructor"
            case .exited(let status):
                return "the grading process stopped early (exit status \(status))"
            case .notStarted(let why):
                return "could not start a grading process: \(why)"
            }
        }

        static func signalName(_ signal: Int32) -> String {
            let names: [Int32: String] = [SIGABRT: "SIGABRT", SIGSEGV: "SIGSEGV", SIGBUS: "SIGBUS", SIGILL: "SIGILL", SIGTRAP: "SIGTRAP",
                                          SIGFPE: "SIGFPE", SIGKILL: "SIGKILL", SIGXCPU: "SIGXCPU", SIGPIPE: "SIGPIPE", SIGTERM: "SIGTERM"]
            return names[signal] ?? "signal \(signal)"
        }
    }

    /// Forks a process that grades the exercises from `first` on; fills `reports` as they arrive.
    private func run(_ submission: Submission, from first: Int, into reports: inout [ExerciseReport?]) -> Ending {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { return .notStarted(String(cString: strerror(errno))) }
        WorkerThreads.requireSingleThread()
        let pid = fork()
        if pid == 0 {
            close(fds[0])
            gradeInChild(submission, from: first, reportingTo: fds[1])
        }
        close(fds[1])
        defer { close(fds[0]) }
        guard pid > 0 else { return .notStarted(String(cString: strerror(errno))) }
        var channel = LineChannel(read: fds[0])
        let hard = Duration.milliseconds(Int64(limits.hardSecondsPerExercise * 1000))
        var deadline = ContinuousClock.now + hard
        var killed = false
        listening: while true {
            switch channel.receive(SubmissionEvent.init(json:), until: deadline) {
            case .message(.started):
                deadline = .now + hard
            case .message(.finished(let index, let report)):
                if reports.indices.contains(index) { reports[index] = report }
                deadline = .now + hard
            case .garbled:
                continue
            case .closed:
                break listening
            case .timedOut:
                kill(pid, SIGKILL)
                killed = true
                break listening
            }
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        if killed { return .killedAtDeadline }
        let signal = status & 0x7f
        if signal != 0 { return .signalled(signal) }
        return .exited((status >> 8) & 0xff)
    }

    /// The forked process: limits, then the exercises one by one. Never returns.
    private func gradeInChild(_ submission: Submission, from first: Int, reportingTo fd: Int32) -> Never {
        // The worker's job pipes are not this process's business.
        let null = open("/dev/null", O_RDWR)
        for standard in Int32(0)...2 { dup2(null, standard) }
        limit(RLIMIT_CORE, 0)
        limit(RLIMIT_FSIZE, 0)
        limit(RLIMIT_AS, limits.memoryBytes)
        limit(RLIMIT_CPU, limits.cpuSeconds(for: lesson.exercises.count - first), hard: limits.cpuSeconds(for: lesson.exercises.count - first) + 1)
        let channel = LineChannel(write: fd)
        let attempt = Grader.Attempt(grader: grader, lesson: lesson, submission: submission)
        for index in first..<lesson.exercises.count {
            guard channel.send(SubmissionEvent.started(exercise: index).json) else { _exit(3) }
            let report = attempt.grade(lesson.exercises[index])
            guard channel.send(SubmissionEvent.finished(exercise: index, report: report).json) else { _exit(3) }
        }
        _exit(0)
    }

    private func limit(_ resource: __rlimit_resource, _ soft: Int, hard: Int? = nil) {
        var value = rlimit(rlim_cur: rlim_t(soft), rlim_max: rlim_t(hard ?? soft))
        setrlimit(__rlimit_resource_t(resource.rawValue), &value)
    }
}

/// Forking is only safe from a process with one thread: the child keeps only the
/// thread that forked, and any lock another thread held stays locked forever.
enum WorkerThreads {
    static func requireSingleThread() {
        let count = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task").count) ?? 1
        guard count <= 1 else {
            FileHandle.standardError.write(Data("internal error: the grading worker has \(count) threads and cannot fork safely\n".utf8))
            exit(70)
        }
    }
}
