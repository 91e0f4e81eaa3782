#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import Foundation
import Courseware
import TensorCore
import TensorLang

/// A grading worker: one process, started by ``WorkerPool``, that prepares a lesson
/// once and then grades the submissions it is sent on standard input, one forked
/// process each, writing one report per line to standard output.
///
/// It keeps a single thread, so that forking it is safe: programs run inline on its
/// main thread (an execution thread with a raised stack limit), and time limits are
/// the interpreter's own deadlines, which need no timer thread.
public struct GradingWorker {
    let lesson: Lesson
    let seed: UInt64
    let limits: ProcessLimits
    let makeInterpreter: () -> Interpreter

    /// - Parameter makeInterpreter: a fresh grading session (no file access) with the whole language.
    public init(lesson: Lesson, seed: UInt64, limits: ProcessLimits, makeInterpreter: @escaping () -> Interpreter) {
        self.lesson = lesson
        self.seed = seed
        self.limits = limits
        self.makeInterpreter = makeInterpreter
    }

    /// Prepares the lesson, then answers jobs until standard input closes.
    public func run() {
        signal(SIGPIPE, SIG_IGN)
        Self.runProgramsOnThisThread()
        // The session's own budget stops a memory hog with a clear error well before the
        // process's hard limit, which stays to catch what the budget does not count.
        let budget = limits.memoryBytes / 2
        let grader = Grader(limits: GradingLimits(secondsPerExercise: limits.secondsPerExercise), seed: seed) { [makeInterpreter] in
            let session = makeInterpreter()
            session.limits.tensorBytes = min(session.limits.tensorBytes, budget)
            return session
        }
        grader.prepare(lesson)
        var jobs = LineChannel(read: STDIN_FILENO)
        let reports = LineChannel(write: STDOUT_FILENO)
        while true {
            switch jobs.receive(GradingJob.init(json:)) {
            case .message(let job):
                guard reports.send(grade(job.path, with: grader).json) else { return }
            case .garbled: continue
            case .closed, .timedOut: return
            }
        }
    }

    /// Lets the main thread's stack grow as far as an execution thread's and runs
    /// programs on it, so that no other thread is ever started.
    static func runProgramsOnThisThread() {
        var stack = rlimit()
        getrlimit(__rlimit_resource_t(RLIMIT_STACK.rawValue), &stack)
        let wanted = rlim_t(ExecutionThread.stackSize), unlimited = rlim_t.max  // RLIM_INFINITY
        if stack.rlim_cur != unlimited, stack.rlim_cur < wanted {
            stack.rlim_cur = min(wanted, stack.rlim_max)
            setrlimit(__rlimit_resource_t(RLIMIT_STACK.rawValue), &stack)
        }
        let size = Int(min(stack.rlim_cur, wanted))
        ExecutionThread.adoptCurrentThread(stackSize: size - (1 << 20))  // what main has used, and a margin
    }

    func grade(_ path: String, with grader: Grader) -> GradeReport {
        let start = ContinuousClock.now
        let submission: Submission
        switch Self.readSubmission(path) {
        case .success(let data): submission = Submission.read(data, fileName: (path as NSString).lastPathComponent, for: lesson)
        case .failure(let problem): submission = Submission(answers: [:], problems: [problem.message])
        }
        let exercises: [ExerciseReport]
        if submission.answers.isEmpty {
            // Nothing of the student's runs, so nothing needs a process of its own.
            let attempt = Grader.Attempt(grader: grader, lesson: lesson, submission: submission)
            exercises = lesson.exercises.map(attempt.grade)
        } else {
            exercises = SubmissionProcess(lesson: lesson, grader: grader, limits: limits).grade(submission)
        }
        let elapsed = ContinuousClock.now - start
        return GradeReport(lesson: lesson, exercises: exercises, problems: submission.problems,
                           executionTime: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18, seed: seed)
    }

    struct ReadProblem: Error { var message: String }

    /// The file's bytes, at most one more than any submission may have (so that a larger
    /// one is reported as too large without being read whole). Only a regular file is read:
    /// a named pipe or a device could keep the worker waiting or reading forever.
    static func readSubmission(_ path: String) -> Result<Data, ReadProblem> {
        let fd = open(path, O_RDONLY | O_NONBLOCK)  // opening a named pipe must not wait for a writer
        guard fd >= 0 else { return .failure(ReadProblem(message: "the submission file cannot be read: \(String(cString: strerror(errno)))")) }
        defer { close(fd) }
        var status = stat()
        guard fstat(fd, &status) == 0, status.st_mode & S_IFMT == S_IFREG else {
            return .failure(ReadProblem(message: "the submission is not a regular file (a pipe, a device or a folder); save your answers in an ordinary text file"))
        }
        let largest = max(Submission.maxBytes, NotebookSubmission.maximumSize)
        var data = Data()
        var chunk = [UInt8](repeating: 0, count: 65536)
        while data.count <= largest {
            let count = read(fd, &chunk, chunk.count)
            if count < 0, errno == EINTR { continue }
            if count < 0 { return .failure(ReadProblem(message: "the submission file cannot be read: \(String(cString: strerror(errno)))")) }
            if count == 0 { break }
            data.append(contentsOf: chunk[..<count])
        }
        return .success(data)
    }
}
