#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import Foundation
import Synchronization
import Courseware

/// Grades submission files in worker processes, one per core, each started as
/// `EXECUTABLE ARGUMENTS…` (the `unroll` binary's hidden `grade-worker` command).
///
/// A worker that stops answering or dies is replaced; the submission it held gets a
/// complete report saying so. This process only starts processes (`posix_spawn`) and
/// passes messages, so it may use threads.
public struct WorkerPool: Sendable {
    let executable: String
    let arguments: [String]
    /// The lesson the workers grade against.
    public let lesson: Lesson
    let limits: ProcessLimits

    public init(executable: String, arguments: [String], lesson: Lesson, limits: ProcessLimits) {
        self.executable = executable
        self.arguments = arguments
        self.lesson = lesson
        self.limits = limits
    }

    /// One report per path, in order, from up to `workers` worker processes.
    /// `progress` is told how many are done.
    public func grade(_ paths: [String], workers: Int, progress: @escaping @Sendable (Int) -> Void) -> [GradeReport] {
        signal(SIGPIPE, SIG_IGN)
        let next = Atomic<Int>(0), done = Atomic<Int>(0)
        let results = Mutex<[GradeReport?]>(Array(repeating: nil, count: paths.count))
        DispatchQueue.concurrentPerform(iterations: max(1, min(workers, paths.count))) { _ in
            feed(paths, next: next) { index, report in
                results.withLock { $0[index] = report }
                progress(done.add(1, ordering: .relaxed).newValue)
            }
        }
        return results.withLock { slots in slots.map { $0 ?? failed("not graded") } }
    }

    /// Keeps one worker busy with paths taken from `next`, a few queued ahead so that it
    /// never waits for this process. If the worker dies, the submission it was grading
    /// is tried once more in a fresh worker, and the ones queued behind it are resent.
    private func feed(_ paths: [String], next: borrowing Atomic<Int>, deliver: (Int, GradeReport) -> Void) {
        var worker: Worker?
        var sent: [Int] = [], returned: [Int] = [], retried: Set<Int> = []
        func take() -> Int? {
            if !returned.isEmpty { return returned.removeFirst() }
            let index = next.add(1, ordering: .relaxed).oldValue
            return index < paths.count ? index : nil
        }
        while true {
            if worker == nil { worker = Worker.spawn(executable, arguments) }
            while sent.count < 4, let index = take() {
                guard let worker, worker.channel.send(GradingJob(path: paths[index]).json) else {
                    returned.insert(index, at: 0)
                    break
                }
                sent.append(index)
            }
            guard let current = worker, !sent.isEmpty else {
                // No worker could be started (or nothing is left): what is taken fails.
                while let index = take() { deliver(index, failed("could not start a grading worker")) }
                for index in sent { deliver(index, failed("could not start a grading worker")) }
                break
            }
            switch current.channel.receive(GradeReport.init(json:), until: .now + deadline) {
            case .message(let report):
                deliver(sent.removeFirst(), report)
            case .garbled, .closed, .timedOut:
                current.stop()
                worker = nil
                let stuck = sent.removeFirst()
                returned = sent + returned
                sent = []
                if retried.contains(stuck) {
                    deliver(stuck, failed("the grading worker stopped without an answer; the submission may have stopped it, or this is a bug in unroll"))
                } else {
                    retried.insert(stuck)
                    returned.insert(stuck, at: 0)
                }
            }
        }
        worker?.stop()
    }

    /// How long a worker may take for one submission before it is given up on.
    private var deadline: Duration {
        .seconds(limits.hardSecondsPerExercise * Double(lesson.exercises.count + 1) + 60)
    }

    private func failed(_ reason: String) -> GradeReport {
        GradeReport(lesson: lesson, exercises: lesson.exercises.map { Grader.unfinished($0, reason: reason) },
                    problems: [reason], executionTime: 0, seed: nil)
    }
}

/// One running worker process and the pipes to it.
private final class Worker {
    let pid: pid_t
    var channel: LineChannel

    private init(pid: pid_t, channel: LineChannel) {
        self.pid = pid
        self.channel = channel
    }

    /// Held while pipes are made and a worker started, so that no worker inherits
    /// another one's pipes (which would keep them open after their owner closed them).
    private static let spawning = Mutex<Void>(())

    /// Starts `executable arguments…` with pipes on its standard input and output.
    static func spawn(_ executable: String, _ arguments: [String]) -> Worker? {
        spawning.withLock { _ in start(executable, arguments) }
    }

    private static func start(_ executable: String, _ arguments: [String]) -> Worker? {
        var toWorker: [Int32] = [0, 0], fromWorker: [Int32] = [0, 0]
        guard pipe(&toWorker) == 0 else { return nil }
        guard pipe(&fromWorker) == 0 else {
            close(toWorker[0]); close(toWorker[1])
            return nil
        }
        for fd in toWorker + fromWorker { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, toWorker[0], STDIN_FILENO)
        posix_spawn_file_actions_adddup2(&actions, fromWorker[1], STDOUT_FILENO)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        // A crashing submission's process ends at once instead of symbolicating a backtrace.
        var environment = ProcessInfo.processInfo.environment
        environment["SWIFT_BACKTRACE"] = "enable=no"
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { envp.forEach { free($0) } }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, executable, &actions, nil, argv, envp)
        close(toWorker[0])
        close(fromWorker[1])
        guard status == 0 else {
            close(toWorker[1]); close(fromWorker[0])
            return nil
        }
        return Worker(pid: pid, channel: LineChannel(read: fromWorker[0], write: toWorker[1]))
    }

    /// Closes the pipes (a worker ends when its input does); a worker still there
    /// after two seconds is killed.
    func stop() {
        close(channel.writeFD)
        close(channel.readFD)
        var status: Int32 = 0
        for _ in 0..<200 {
            if waitpid(pid, &status, WNOHANG) != 0 { return }
            usleep(10_000)
        }
        kill(pid, SIGKILL)
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    }
}
