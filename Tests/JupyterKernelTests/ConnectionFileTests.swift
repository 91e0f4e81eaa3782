import Foundation
import XCTest

@testable import JupyterKernel

/// The file jupyter_client writes: five ports, an address, a key and a scheme.
final class ConnectionFileTests: XCTestCase {
    /// As jupyter_client 8 writes it.
    let valid = """
        {"shell_port": 60499, "iopub_port": 33135, "stdin_port": 44177, "control_port": 52771,
         "hb_port": 51843, "ip": "127.0.0.1", "key": "a0b1c2", "transport": "tcp",
         "signature_scheme": "hmac-sha256", "kernel_name": "unroll"}
        """

    func parse(_ text: String) throws -> ConnectionFile { try ConnectionFile(json: Data(text.utf8)) }

    func replacing(_ old: String, with new: String) -> String { valid.replacingOccurrences(of: old, with: new) }

    func testParsesEveryField() throws {
        let file = try parse(valid)
        XCTAssertEqual(file.ports, [.shell: 60499, .iopub: 33135, .stdin: 44177, .control: 52771, .heartbeat: 51843])
        XCTAssertEqual(file.key, "a0b1c2")
        XCTAssertEqual(file.kernelName, "unroll")
        XCTAssertEqual(file.endpoint(.shell), "tcp://127.0.0.1:60499")
        XCTAssertEqual(file.endpoint(.heartbeat), "tcp://127.0.0.1:51843")
    }

    func testIPCEndpointsAreNamedAsJupyterClientNamesThem() throws {
        let file = try parse(replacing(#""transport": "tcp""#, with: #""transport": "ipc""#).replacingOccurrences(of: "127.0.0.1", with: "/tmp/kernel"))
        XCTAssertEqual(file.endpoint(.control), "ipc:///tmp/kernel-52771")
    }

    func testOptionalFieldsHaveJupyterDefaults() throws {
        let file = try parse(#"{"shell_port": 1, "iopub_port": 2, "stdin_port": 3, "control_port": 4, "hb_port": 5}"#)
        XCTAssertEqual(file.transport, "tcp")
        XCTAssertEqual(file.ip, "127.0.0.1")
        XCTAssertEqual(file.key, "")
        XCTAssertEqual(file.signatureScheme, "hmac-sha256")
    }

    func testErrorsNameTheProblem() {
        let cases: [(String, ConnectionFileError)] = [
            ("not json", .notJSON),
            ("[1, 2]", .notJSON),
            (replacing(#""hb_port": 51843,"#, with: ""), .missingField("hb_port")),
            (replacing("60499", with: #""60499""#), .wrongType("shell_port", expected: "an integer")),
            (replacing("33135", with: "70000"), .badPort("iopub_port", 70000)),
            (replacing("44177", with: "0"), .badPort("stdin_port", 0)),
            (replacing(#""key": "a0b1c2""#, with: #""key": 5"#), .wrongType("key", expected: "a string")),
            (replacing(#""tcp""#, with: #""udp""#), .unsupported("transport", "udp")),
            (replacing("hmac-sha256", with: "hmac-md5"), .unsupported("signature_scheme", "hmac-md5")),
        ]
        for (text, expected) in cases {
            XCTAssertThrowsError(try parse(text), "\(expected)") { XCTAssertEqual($0 as? ConnectionFileError, expected) }
        }
    }

    func testAMissingFileIsReportedWithItsPath() {
        XCTAssertThrowsError(try ConnectionFile(contentsOf: "/nonexistent/kernel-1.json")) { error in
            XCTAssertEqual(error as? ConnectionFileError, .unreadable("/nonexistent/kernel-1.json"))
            XCTAssertTrue("\(error)".contains("/nonexistent/kernel-1.json"))
        }
    }

    func testAnInvalidFileIsReportedWithItsPathAndReason() throws {
        let path = NSTemporaryDirectory() + "unroll-connection-\(UUID().uuidString).json"
        try Data("{}".utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        XCTAssertThrowsError(try ConnectionFile(contentsOf: path)) { error in
            XCTAssertEqual(error as? ConnectionFileError, .invalid(path, .missingField("shell_port")))
            XCTAssertEqual("\(error)", "\(path): the connection file has no 'shell_port'")
        }
    }
}
