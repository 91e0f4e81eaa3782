import Foundation
import XCTest

@testable import JupyterKernel

/// Loading libzmq at run time, and what a machine without it is told.
final class ZMQLibraryTests: XCTestCase {
    func testTheSystemLibraryIsTriedUnlessAPathIsGiven() {
        XCTAssertEqual(ZMQLibrary.candidateNames(environment: [:]), ["libzmq.so.5", "libzmq.so"])
        XCTAssertEqual(ZMQLibrary.candidateNames(environment: ["UNROLL_LIBZMQ": "/opt/zmq/libzmq.so.5"]), ["/opt/zmq/libzmq.so.5"])
    }

    func testAMissingLibrarySaysWhatToInstall() {
        XCTAssertThrowsError(try ZMQLibrary.load(environment: ["UNROLL_LIBZMQ": "/nonexistent/libzmq.so.5"])) { error in
            let message = "\(error)"
            XCTAssertTrue(message.contains("apt-get install libzmq5"), message)
            XCTAssertTrue(message.contains("/nonexistent/libzmq.so.5"), message)
        }
    }
}
