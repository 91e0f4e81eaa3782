import Synchronization

/// A scratch buffer and its size in doubles. Whoever holds a `Spare` owns the
/// buffer outright (it is handed over under the lock, never shared), which is why
/// it may cross threads.
private struct Spare: @unchecked Sendable {
    let base: UnsafeMutablePointer<Double>
    let capacity: Int
}

/// The buffer the last ``withWorkspace(count:_:)`` handed back, kept for the next call.
private let spareWorkspace = Mutex<Spare?>(nil)

/// Runs `body` with at least `count` doubles of uninitialised scratch space.
///
/// The buffer is kept afterwards and handed to the next call that fits in it, so
/// a loop of products neither calls malloc nor faults in fresh pages every time
/// (glibc maps allocations from 128 KB up afresh on each call). Concurrent callers
/// get separate buffers; the one kept is the largest returned, and the blocked GEMM
/// never asks for more than about 400 KB.
func withWorkspace<Result>(count: Int, _ body: (UnsafeMutablePointer<Double>) -> Result) -> Result {
    let reused = spareWorkspace.withLock { spare -> Spare? in
        guard let kept = spare, kept.capacity >= count else { return nil }
        spare = nil
        return kept
    }
    let buffer = reused ?? Spare(base: .allocate(capacity: Swift.max(1, count)), capacity: count)
    defer {
        let unwanted = spareWorkspace.withLock { spare -> Spare? in
            if let kept = spare, kept.capacity >= buffer.capacity { return buffer }
            let previous = spare
            spare = buffer
            return previous
        }
        unwanted?.base.deallocate()
    }
    return body(buffer.base)
}
