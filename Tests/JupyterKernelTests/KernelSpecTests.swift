import Formats
import Foundation
import XCTest

@testable import JupyterKernel

/// `kernels/unroll/kernel.json` plus two PNG logos.
final class KernelSpecTests: XCTestCase {
    func testKernelJSONStartsTheKernelWithTheConnectionFileAndMessageInterrupts() {
        let json = KernelSpec(executable: "/opt/bin/unroll").json
        XCTAssertEqual(json["argv"], ["/opt/bin/unroll", "kernel", "--connection-file", "{connection_file}"])
        XCTAssertEqual(json["display_name"], "Unroll")
        XCTAssertEqual(json["language"], "unroll")
        XCTAssertEqual(json["interrupt_mode"], "message")
    }

    func testDataDirectories() {
        let home = "/home/ada"
        XCTAssertEqual(KernelSpec.Location.prefix("/opt/env").dataDirectory(environment: [:], home: home), "/opt/env/share/jupyter")
        XCTAssertEqual(KernelSpec.Location.user.dataDirectory(environment: [:], home: home), "/home/ada/.local/share/jupyter")
        XCTAssertEqual(KernelSpec.Location.user.dataDirectory(environment: ["XDG_DATA_HOME": "/xdg"], home: home), "/xdg/jupyter")
        XCTAssertEqual(KernelSpec.Location.user.dataDirectory(environment: ["JUPYTER_DATA_DIR": "/jd", "XDG_DATA_HOME": "/xdg"], home: home), "/jd")
    }

    func testInstallWritesKernelJSONAndLogos() throws {
        let root = NSTemporaryDirectory() + "unroll-spec-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: root) }
        let directory = try KernelSpec(executable: "/x/unroll").install(into: root)
        XCTAssertEqual(directory, root + "/kernels/unroll")
        let written = try JSONValue.parse(Data(contentsOf: URL(fileURLWithPath: directory + "/kernel.json")))
        XCTAssertEqual(written, KernelSpec(executable: "/x/unroll").json)
        for size in [32, 64] {
            let png = try Data(contentsOf: URL(fileURLWithPath: directory + "/logo-\(size)x\(size).png"))
            XCTAssertEqual(Array(png.prefix(8)), [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        }
        // Installing again replaces the files.
        XCTAssertNoThrow(try KernelSpec(executable: "/y/unroll").install(into: root))
        XCTAssertEqual(try JSONValue.parse(Data(contentsOf: URL(fileURLWithPath: directory + "/kernel.json")))["argv"]?.arrayValue?.first, "/y/unroll")
    }
}
