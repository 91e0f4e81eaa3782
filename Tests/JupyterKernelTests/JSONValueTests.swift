import Foundation
import XCTest

@testable import JupyterKernel

final class JSONValueTests: XCTestCase {
    func testEncodingIsCompactWithSortedKeys() {
        let value: JSONValue = ["b": 1, "a": [true, nil, "x"], "c": ["z": 2.5, "y": .double(3)]]
        XCTAssertEqual(value.encodedString, #"{"a":[true,null,"x"],"b":1,"c":{"y":3,"z":2.5}}"#)
    }

    func testStringsAreEscapedAsJSONRequires() {
        let value = JSONValue.string("quote\" backslash\\ newline\n tab\t bell\u{07} é ∑")
        XCTAssertEqual(value.encodedString, #""quote\" backslash\\ newline\n tab\t bell\u0007 é ∑""#)
        // Python's json module must read back the same text.
        XCTAssertEqual(try JSONValue.parse(value.encoded), value)
    }

    func testParsingDistinguishesBooleansIntegersAndDoubles() throws {
        let value = try JSONValue.parse(Data(#"{"t":true,"i":42,"d":0.5,"n":null,"s":"x","a":[1]}"#.utf8))
        XCTAssertEqual(value["t"], .bool(true))
        XCTAssertEqual(value["i"]?.intValue, 42)
        XCTAssertEqual(value["d"], .double(0.5))
        XCTAssertEqual(value["n"], .null)
        XCTAssertEqual(value["s"]?.stringValue, "x")
        XCTAssertEqual(value["a"], [1])
    }

    func testNonFiniteNumbersBecomeNull() {
        XCTAssertEqual(JSONValue.array([.double(.nan), .double(.infinity)]).encodedString, "[null,null]")
    }

    func testMalformedJSONThrows() {
        for text in ["{", "[1 2]", "[1,,2]", "{\"a\" 1}", "nope", ""] {
            XCTAssertThrowsError(try JSONValue.parse(Data(text.utf8)), text)
        }
    }

    func testEncodingMatchesPythonsJSONDumps() throws {
        // json.dumps({"k": ["é", 1, 2.5, None, True]}, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        let value: JSONValue = ["k": ["é", 1, .double(2.5), nil, true]]
        XCTAssertEqual(value.encodedString, #"{"k":["é",1,2.5,null,true]}"#)
    }
}
