import XCTest
import Kernel

final class DataDirectoryTests: XCTestCase {
    func testDataDirectoryFollowsXDG() {
        XCTAssertEqual(DataDirectory.url(environment: ["XDG_DATA_HOME": "/x/data", "HOME": "/home/s"]).path, "/x/data/unroll")
        XCTAssertEqual(DataDirectory.url(environment: ["HOME": "/home/s"]).path, "/home/s/.local/share/unroll")
        XCTAssertEqual(DataDirectory.url(environment: ["XDG_DATA_HOME": "relative", "HOME": "/home/s"]).path,
                       "/home/s/.local/share/unroll", "a relative XDG path is ignored, as the spec says")
        XCTAssertEqual(DataDirectory.progressFile(environment: ["HOME": "/home/s"]).path, "/home/s/.local/share/unroll/progress.json")
    }
}
