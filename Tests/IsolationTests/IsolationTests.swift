import XCTest
import Foundation
@testable import Isolation
import Courseware
import TensorLang
import Formats

/// The pieces of process isolation that can run inside the test process. Forking
/// itself is tested from outside, on the real binary (Tests/Attacks), because a
/// test process has threads and must not fork.
final class IsolationTests: XCTestCase {
    /// A grading worker must keep one thread to fork safely: programs run inline on the
    /// thread that adopted itself, and the time limit needs no timer thread.
    func testAnAdoptedThreadRunsProgramsItselfUnderTheirTimeLimit() {
        nonisolated(unsafe) var outcome: (isCurrent: Bool, stopped: Bool)?
        // The semaphore orders the thread's write of `outcome` before the read below
        // (polling `isFinished` does not, and ThreadSanitizer reported the race).
        let finished = DispatchSemaphore(value: 0)
        let thread = Thread {
            defer { finished.signal() }
            ExecutionThread.adoptCurrentThread(stackSize: 15 << 20)
            let session = Interpreter()
            session.timeLimit = 0.2
            let outputs = session.execute("i = 0\nwhile true { i = i + 1 }")
            var stopped = false
            if case .error(let diagnostic, _)? = outputs.last { stopped = diagnostic.kind == .limit }
            outcome = (ExecutionThread.isCurrent, stopped)
        }
        thread.stackSize = 16 << 20
        thread.start()
        finished.wait()
        XCTAssertEqual(outcome?.isCurrent, true)
        XCTAssertEqual(outcome?.stopped, true, "the loop ran past its time limit")
    }

    func testMessagesCrossAPipeOneLineEach() throws {
        var fds: [Int32] = [0, 0]
        XCTAssertEqual(pipe(&fds), 0)
        let sender = LineChannel(write: fds[1])
        var receiver = LineChannel(read: fds[0])
        XCTAssertTrue(sender.send(GradingJob(path: "evil\nname.ur").json))
        guard case .message(let job) = receiver.receive(GradingJob.init(json:), until: .now + .seconds(5)) else { return XCTFail() }
        XCTAssertEqual(job.path, "evil\nname.ur")
        // Nothing sent: the wait ends at its deadline.
        guard case .timedOut = receiver.receive(GradingJob.init(json:), until: .now + .milliseconds(50)) else { return XCTFail() }
        // Half a line from a process that died is garbled; then the pipe is closed.
        _ = "{\"pa".withCString { write(fds[1], $0, 4) }
        close(fds[1])
        guard case .garbled = receiver.receive(GradingJob.init(json:), until: .now + .seconds(5)) else { return XCTFail() }
        guard case .closed = receiver.receive(GradingJob.init(json:), until: .now + .seconds(5)) else { return XCTFail() }
        close(fds[0])
    }

    func testEveryWayAProcessEndsHasAReason() {
        let limits = ProcessLimits(memoryBytes: 1 << 30, secondsPerExercise: 2)
        XCTAssertEqual(limits.hardSecondsPerExercise, 4)
        XCTAssertEqual(ProcessLimits(secondsPerExercise: 0.5).hardSecondsPerExercise, 2.5)
        let reasons = [
            SubmissionProcess.Ending.killedAtDeadline.reason(limits),
            SubmissionProcess.Ending.signalled(SIGSEGV).reason(limits),
            SubmissionProcess.Ending.signalled(SIGXCPU).reason(limits),
            SubmissionProcess.Ending.exited(3).reason(limits),
        ]
        XCTAssertTrue(reasons[0].contains("hard limit of 4 s"), reasons[0])
        XCTAssertTrue(reasons[1].contains("SIGSEGV") && reasons[1].contains("memory limit of 1024 MiB"), reasons[1])
        XCTAssertTrue(reasons[2].contains("CPU time"), reasons[2])
        XCTAssertTrue(reasons[3].contains("exit status 3"), reasons[3])
    }
}
