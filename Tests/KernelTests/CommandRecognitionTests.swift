import Foundation
@testable import Kernel
import XCTest

/// Recognising `:name`, `name?` and `exit` looks only at the ends of the text, and agrees
/// with Foundation's trimming on what white space is.
final class CommandRecognitionTests: XCTestCase {
    func testTrimmingAgreesWithFoundation() {
        let samples = ["", " ", "\n\t x \r\n", "x", "  :vars  ", "\u{00A0}a b\u{3000}", "\u{2028}tanh?\u{2029}", "é ", "\u{85}q\u{85}",
                       "a\u{200B}", " 名前 ", "\t\t"]
        for sample in samples {
            XCTAssertEqual(String(sample.trimmedOfWhitespace), sample.trimmingCharacters(in: .whitespacesAndNewlines), sample.debugDescription)
        }
    }

    func testCommandsAreRecognisedOnlyWhereTheyStand() {
        let command = MetaCommandLine("  :help  tanh \n")
        XCTAssertEqual(command?.name, "help")
        XCTAssertEqual(command?.argument, "tanh")
        XCTAssertNil(MetaCommandLine("x = 1  # :help"))
        XCTAssertEqual(HelpQuery(" tanh?? ")?.name, "tanh")
        XCTAssertEqual(HelpQuery(" tanh?? ")?.detailed, true)
        XCTAssertEqual(HelpQuery("?softmax")?.detailed, false)
        XCTAssertNil(HelpQuery("x = 1"))
        XCTAssertNil(HelpQuery("?a\nb"), "a help query is one line")
        let session = Session()
        XCTAssertTrue(session.isExitRequest(" exit() \n"))
        XCTAssertTrue(session.isExitRequest("quit"))
        XCTAssertFalse(session.isExitRequest("exits"))
    }

    /// A script with a long line (a text to train on) splits into the same cells, and the
    /// long line is not taken for a command.
    func testALongLineInAScriptIsCode() {
        let text = String(repeating: "the cat sat on the mat? ", count: 20_000)
        let cells = Session.scriptCells("text = \"\(text)\"\n:vars\nn = 1")
        XCTAssertEqual(cells.map(\.line), [1, 2, 3])
        XCTAssertEqual(cells.map { $0.code.count }, [text.count + 9, 5, 5])
    }
}
