import Processes
import Formats
import Foundation
import XCTest
import _TestSupport

final class CRC32Tests: XCTestCase {
    func testTheStandardCheckValue() {
        XCTAssertEqual(CRC32.checksum(Array("123456789".utf8)), 0xCBF4_3926)
        XCTAssertEqual(CRC32.checksum([UInt8]()), 0)
    }

    func testAgreesWithZlib() throws {
        try References.requirePython("zlib")
        let bytes = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 7919 &+ 13) }
        let zlib = try ChildProcess.run(["python3", "-c", "import zlib,sys; print(zlib.crc32(bytes((i*7919+13) % 256 for i in range(1000))))"])
        XCTAssertEqual(String(decoding: zlib, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines), "\(CRC32.checksum(bytes))")
    }
}
