import Foundation
import Processes
import XCTest
import _TestSupport

@testable import JupyterKernel

/// The PNG writer's checksums against published check values, and its output
/// decoded by an independent reader (Python's zlib).
final class PNGEncoderTests: XCTestCase {
    func testAdler32CheckValue() {
        XCTAssertEqual(PNGEncoder.adler32(Array("Wikipedia".utf8)), 0x11E6_0398)
    }

    func testStoredBlocksSplitAt65535Bytes() {
        let stream = PNGEncoder.zlibStored([UInt8](repeating: 7, count: 70_000))
        // 2 header bytes, two blocks with 5-byte headers, 4 checksum bytes.
        XCTAssertEqual(stream.count, 2 + 5 + 65_535 + 5 + 4_465 + 4)
        XCTAssertEqual(stream[2], 0, "first block is not final")
        XCTAssertEqual(stream[2 + 5 + 65_535], 1, "second block is final")
    }

    func testRejectsPixelCountsThatDoNotMatch() {
        XCTAssertNil(PNGEncoder.encode(width: 2, height: 2, rgba: [0, 0, 0]))
        XCTAssertNil(PNGEncoder.encode(width: 0, height: 2, rgba: []))
    }

    func testLogoDecodesWithPythonsZlib() throws {
        guard let png = Logo.png(size: 32) else { return XCTFail("no logo") }
        let path = NSTemporaryDirectory() + "unroll-logo-\(UUID().uuidString).png"
        try png.write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        // Walks the chunks, checks every CRC, inflates IDAT and reports size and opaque-pixel count.
        let script = """
            import struct, sys, zlib
            data = open(sys.argv[1], 'rb').read()
            assert data[:8] == b'\\x89PNG\\r\\n\\x1a\\n'
            pos, idat = 8, b''
            while pos < len(data):
                n, kind = struct.unpack('>I4s', data[pos:pos + 8])
                body = data[pos + 8:pos + 8 + n]
                assert zlib.crc32(kind + body) == struct.unpack('>I', data[pos + 8 + n:pos + 12 + n])[0], kind
                if kind == b'IHDR': w, h = struct.unpack('>II', body[:8])
                if kind == b'IDAT': idat += body
                pos += 12 + n
            raw = zlib.decompress(idat)
            assert len(raw) == h * (1 + 4 * w)
            print(w, h, sum(1 for r in range(h) for c in range(w) if raw[r * (1 + 4 * w) + 1 + 4 * c + 3] == 255))
            """
        try References.requirePython("zlib")
        let output = String(decoding: try ChildProcess.run(["python3", "-c", script, path]), as: UTF8.self)
        let fields = output.split(separator: " ").compactMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        XCTAssertEqual(Array(fields.prefix(2)), [32, 32])
        // The tile covers most of the square; the rounded corners stay transparent.
        XCTAssertGreaterThan(fields.last ?? 0, 32 * 32 / 2)
        XCTAssertLessThan(fields.last ?? 0, 32 * 32)
    }
}
