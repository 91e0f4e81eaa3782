import Foundation
import XCTest

@testable import JupyterKernel

/// HMAC-SHA256 over the four JSON frames, hex-encoded; verified in constant time.
final class MessageSignerTests: XCTestCase {
    // Reference value computed with jupyter_client's Session(key=b"0123456789abcdef").sign(...)
    let key = "0123456789abcdef"
    let parts = [Data(#"{"msg_id":"a1","msg_type":"kernel_info_request"}"#.utf8), Data("{}".utf8), Data("{}".utf8), Data("{}".utf8)]
    let expected = "fd19117476e30f8a3457a8c583249bf8d0557d9414b53fdcad0c8f08889a4678"

    func testSignatureMatchesJupyterClientReferenceValue() {
        XCTAssertEqual(MessageSigner(key: key).signature(of: parts), expected)
    }

    func testTheReferenceSignatureIsAccepted() {
        XCTAssertTrue(MessageSigner(key: key).isValid(signature: expected, for: parts))
        XCTAssertTrue(MessageSigner(key: key).isValid(signature: expected.uppercased(), for: parts), "hex digits in either case")
    }

    func testAWrongSignatureIsRejected() {
        var wrong = Array(expected)
        wrong[10] = wrong[10] == "0" ? "1" : "0"
        XCTAssertFalse(MessageSigner(key: key).isValid(signature: String(wrong), for: parts))
    }

    func testAMissingSignatureIsRejectedWhenAKeyIsSet() {
        XCTAssertFalse(MessageSigner(key: key).isValid(signature: "", for: parts))
    }

    func testMalformedSignaturesAreRejected() {
        let signer = MessageSigner(key: key)
        XCTAssertFalse(signer.isValid(signature: String(expected.dropLast()), for: parts), "odd length")
        XCTAssertFalse(signer.isValid(signature: String(expected.dropLast(2)), for: parts), "too short")
        XCTAssertFalse(signer.isValid(signature: "zz" + expected.dropFirst(2), for: parts), "not hex")
        XCTAssertFalse(signer.isValid(signature: expected + "00", for: parts), "too long")
    }

    func testTamperingWithAnySignedFrameInvalidatesTheSignature() {
        let signer = MessageSigner(key: key)
        for index in parts.indices {
            var tampered = parts
            tampered[index].append(UInt8(ascii: " "))
            XCTAssertFalse(signer.isValid(signature: expected, for: tampered), "frame \(index) changed")
        }
    }

    func testAnotherKeyGivesAnotherSignature() {
        XCTAssertFalse(MessageSigner(key: "another key").isValid(signature: expected, for: parts))
    }

    func testAnEmptyKeySwitchesSigningOff() {
        let signer = MessageSigner(key: "")
        XCTAssertFalse(signer.isEnabled)
        XCTAssertEqual(signer.signature(of: parts), "")
        XCTAssertTrue(signer.isValid(signature: "", for: parts))
    }

    func testHexRoundTrip() {
        XCTAssertEqual(MessageSigner.hex(Data([0x00, 0x0f, 0xa5, 0xff])), "000fa5ff")
        XCTAssertEqual(MessageSigner.bytes(fromHex: "000FA5ff"), Data([0x00, 0x0f, 0xa5, 0xff]))
        XCTAssertNil(MessageSigner.bytes(fromHex: "0g"))
    }
}
