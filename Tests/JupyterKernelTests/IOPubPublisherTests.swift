import Foundation
import XCTest

@testable import JupyterKernel

/// Stream text queued back to back is sent as one message; nothing else changes.
final class IOPubPublisherTests: XCTestCase {
    let builder = MessageBuilder(session: "k")

    func request() -> KernelMessage { KernelMessage(header: builder.header("execute_request"), content: .emptyObject) }

    func stream(_ name: String, _ text: String, _ parent: KernelMessage) -> KernelMessage {
        builder.broadcast("stream", content: ["name": .string(name), "text": .string(text)], parent: parent)
    }

    func testRunsOfTheSameStreamAndParentAreJoined() {
        let cell = request()
        let busy = builder.broadcast("status", content: ["execution_state": "busy"], parent: cell)
        let result = builder.broadcast("execute_result", content: ["data": .emptyObject], parent: cell)
        let sent = IOPubPublisher.coalescingStreams([busy, stream("stdout", "a\n", cell), stream("stdout", "b\n", cell), stream("stdout", "c\n", cell), result])
        XCTAssertEqual(sent.map(\.msgType), ["status", "stream", "execute_result"])
        XCTAssertEqual(sent[1].content, ["name": "stdout", "text": "a\nb\nc\n"])
        XCTAssertEqual(sent[1].parentHeader, cell.header.json)
    }

    func testDifferentStreamsParentsOrInterleavedOutputsStaySeparate() {
        let first = request(), second = request()
        let display = builder.broadcast("display_data", content: .emptyObject, parent: first)
        let messages = [
            stream("stdout", "1", first), stream("stderr", "2", first), stream("stderr", "3", second),
            display, stream("stderr", "4", second),
        ]
        XCTAssertEqual(IOPubPublisher.coalescingStreams(messages).count, 5)
    }
}
