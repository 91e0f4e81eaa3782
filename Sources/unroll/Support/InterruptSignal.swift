import Dispatch
import Foundation

/// Routes Ctrl-C (SIGINT) to a handler instead of ending the program, until
/// cancelled: the REPL and the Jupyter kernel stop the running cell and go on.
final class InterruptSignal {
    private let source: DispatchSourceSignal

    /// Starts routing; `handler` runs on a background queue.
    init(_ handler: @escaping () -> Void) {
        signal(SIGINT, SIG_IGN)
        source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler(handler: handler)
        source.resume()
    }

    /// Stops routing (Ctrl-C stays ignored until the program ends).
    func cancel() { source.cancel() }
}
