import Formats
import Foundation
import XCTest

@testable import JupyterKernel

/// `[identities…, <IDS|MSG>, signature, header, parent, metadata, content, buffers…]`.
final class WireMessageTests: XCTestCase {
    let signer = MessageSigner(key: "secret")

    func frames(_ texts: [String]) -> [Data] { texts.map { Data($0.utf8) } }

    func testSplitsIdentitiesJSONFramesAndBuffers() throws {
        let wire = try WireMessage(frames: frames(["id-a", "id-b", "<IDS|MSG>", "sig", "{\"h\":1}", "{\"p\":2}", "{\"m\":3}", "{\"c\":4}", "buf1", "buf2"]))
        XCTAssertEqual(wire.identities, frames(["id-a", "id-b"]))
        XCTAssertEqual(wire.signature, "sig")
        XCTAssertEqual(wire.header, Data("{\"h\":1}".utf8))
        XCTAssertEqual(wire.parentHeader, Data("{\"p\":2}".utf8))
        XCTAssertEqual(wire.metadata, Data("{\"m\":3}".utf8))
        XCTAssertEqual(wire.content, Data("{\"c\":4}".utf8))
        XCTAssertEqual(wire.buffers, frames(["buf1", "buf2"]))
    }

    func testFramesRoundTripExactly() throws {
        let original = frames(["route", "<IDS|MSG>", "abc", "{}", "{}", "{}", "{\"x\":1}", "binary"])
        XCTAssertEqual(try WireMessage(frames: original).frames, original)
    }

    func testAMessageWithoutIdentitiesStartsWithTheDelimiter() throws {
        let wire = try WireMessage(frames: frames(["<IDS|MSG>", "", "{}", "{}", "{}", "{}"]))
        XCTAssertEqual(wire.identities, [])
        XCTAssertEqual(wire.buffers, [])
    }

    func testMissingDelimiterIsRefused() {
        XCTAssertThrowsError(try WireMessage(frames: frames(["a", "b", "c", "d", "e", "f"]))) {
            XCTAssertEqual($0 as? JupyterProtocolError, .missingDelimiter)
        }
    }

    func testTooFewFramesAfterTheDelimiterAreRefused() {
        XCTAssertThrowsError(try WireMessage(frames: frames(["<IDS|MSG>", "sig", "{}", "{}", "{}"]))) {
            XCTAssertEqual($0 as? JupyterProtocolError, .tooFewFrames(4))
        }
        XCTAssertThrowsError(try WireMessage(frames: [])) {
            XCTAssertEqual($0 as? JupyterProtocolError, .missingDelimiter)
        }
    }

    func testDecodedMessageRoundTripsThroughSigningAndVerification() throws {
        let builder = MessageBuilder(session: "s1")
        let request = KernelMessage(identities: [Data("peer".utf8)], header: builder.header("execute_request"), content: ["code": "1 + 2", "silent": false])
        let reply = builder.reply(to: request, type: "execute_reply", content: ["status": "ok", "execution_count": 3])
        let wire = reply.wire(signedBy: signer)
        let decoded = try KernelMessage(decoding: WireMessage(frames: wire.frames), verifiedBy: signer)
        XCTAssertEqual(decoded, reply)
        XCTAssertEqual(decoded.identities, [Data("peer".utf8)], "a reply is routed back to the requester")
        XCTAssertEqual(decoded.parentHeader, request.header.json)
        XCTAssertEqual(decoded.content["execution_count"], .int(3))
    }

    func testSignatureIsCheckedBeforeAnythingIsParsed() throws {
        var wire = KernelMessage(header: MessageBuilder().header("kernel_info_request"), content: .emptyObject).wire(signedBy: signer)
        wire.content = Data("{not json".utf8)  // tampered and malformed: the signature failure wins
        XCTAssertThrowsError(try KernelMessage(decoding: wire, verifiedBy: signer)) {
            XCTAssertEqual($0 as? JupyterProtocolError, .badSignature)
        }
    }

    func testMalformedJSONInAProperlySignedMessageIsRefused() {
        let parts = [Data("{\"msg_id\":\"1\",\"msg_type\":\"x\"}".utf8), Data("{}".utf8), Data("{}".utf8), Data("[1,".utf8)]
        let wire = WireMessage(identities: [], signature: signer.signature(of: parts), header: parts[0], parentHeader: parts[1], metadata: parts[2], content: parts[3])
        XCTAssertThrowsError(try KernelMessage(decoding: wire, verifiedBy: signer)) { error in
            guard case .malformedJSON = error as? JupyterProtocolError else { return XCTFail("got \(error)") }
        }
    }

    func testHeaderNeedsMessageIdAndType() {
        XCTAssertThrowsError(try MessageHeader(json: ["msg_type": "execute_request"]))
        XCTAssertThrowsError(try MessageHeader(json: ["msg_id": "1", "msg_type": 5]))
        XCTAssertThrowsError(try MessageHeader(json: ["not", "an", "object"]))
        XCTAssertNoThrow(try MessageHeader(json: ["msg_id": "1", "msg_type": "kernel_info_request"]))
    }

    func testHeaderKeepsUnknownFieldsForTheParentHeader() throws {
        let json: JSONValue = ["msg_id": "1", "msg_type": "execute_request", "session": "s", "username": "u", "date": "d", "version": "5.4", "subshell_id": "abc"]
        XCTAssertEqual(try MessageHeader(json: json).json, json)
    }

    func testOutgoingHeaderHasTheSixRequiredFieldsAndProtocol53() {
        let header = MessageBuilder(session: "k").header("status")
        let keys = Set(header.json.objectValue?.keys.map { $0 } ?? [])
        XCTAssertEqual(keys, ["msg_id", "session", "username", "date", "msg_type", "version"])
        XCTAssertEqual(header.version, "5.3")
        XCTAssertNotEqual(header.msgId, MessageBuilder(session: "k").header("status").msgId, "every message gets a fresh id")
    }

    func testTimestampsAreISO8601UTCWithMicroseconds() {
        // 2026-01-31T12:34:56.25Z = 1769862896.25 seconds since 1970.
        XCTAssertEqual(Timestamp.iso8601(Date(timeIntervalSince1970: 1_769_862_896.25)), "2026-01-31T12:34:56.250000Z")
        XCTAssertEqual(Timestamp.iso8601(Date(timeIntervalSince1970: 0)), "1970-01-01T00:00:00.000000Z")
    }

    func testIOPubMessagesCarryATopicAndTheirParent() {
        let builder = MessageBuilder(session: "k")
        let request = KernelMessage(identities: [Data("peer".utf8)], header: builder.header("execute_request"), content: .emptyObject)
        let status = builder.broadcast("status", content: ["execution_state": "busy"], parent: request)
        XCTAssertEqual(status.identities, [Data("kernel.k.status".utf8)])
        XCTAssertEqual(status.parentHeader, request.header.json)
        XCTAssertEqual(builder.broadcast("status", content: .emptyObject, parent: nil).parentHeader, .emptyObject)
    }
}
