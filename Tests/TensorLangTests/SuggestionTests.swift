import TensorLang
import XCTest

/// The one "did you mean" scorer every hint uses.
final class SuggestionTests: XCTestCase {
    func testTheClosestNameWithinAThirdOfItsLength() {
        XCTAssertEqual(didYouMean("tanhh", among: ["tanh", "tan", "sum"]), "tanh")
        XCTAssertEqual(didYouMean("tahn", among: ["tanh", "tan"]), "tan", "a swap costs two edits, a deletion one")
        XCTAssertEqual(didYouMean("TANH", among: ["tanh"]), "tanh", "case is ignored")
        XCTAssertNil(didYouMean("softmx", among: ["sum", "zeros"]))
        XCTAssertNil(didYouMean("ab", among: ["xy"]), "two letters allow one edit")
        XCTAssertEqual(didYouMean("ab", among: ["xb"]), "xb")
    }

    func testTiesGoToTheAlphabeticallyFirstWhateverTheOrder() {
        XCTAssertEqual(didYouMean("cat", among: ["cut", "bat"]), "bat")
        XCTAssertEqual(didYouMean("cat", among: ["bat", "cut"]), "bat")
    }

    func testAnExplicitLimit() {
        XCTAssertEqual(didYouMean("vasr", among: ["vars", "save"], maxDistance: 2), "vars")
        XCTAssertNil(didYouMean("vasr", among: ["vars"], maxDistance: 1))
        XCTAssertEqual(didYouMean("vanshing", among: ["vanishing", "lstm"], maxDistance: 3), "vanishing")
    }
}
