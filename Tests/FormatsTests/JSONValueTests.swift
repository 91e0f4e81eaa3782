import Processes
import Formats
import Foundation
import XCTest
import _TestSupport

final class JSONValueTests: XCTestCase {
    func testEncodingIsDeterministicWithSortedKeysInEveryStyle() {
        let value: JSONValue = ["b": 1, "a": [true, nil, "x"], "c": ["z": 2.5, "y": .double(3)]]
        XCTAssertEqual(value.encoded(), #"{"a":[true,null,"x"],"b":1,"c":{"y":3.0,"z":2.5}}"#)
        XCTAssertEqual(value.encoded(.spaced), #"{"a": [true, null, "x"], "b": 1, "c": {"y": 3.0, "z": 2.5}}"#)
        XCTAssertEqual(value.encoded(.pretty), """
            {
              "a": [
                true,
                null,
                "x"
              ],
              "b": 1,
              "c": {
                "y": 3.0,
                "z": 2.5
              }
            }
            """)
        XCTAssertEqual(JSONValue.object([:]).encoded(.pretty), "{}")
        XCTAssertEqual(JSONValue.array([]).encoded(.pretty), "[]")
    }

    func testStringsAreEscapedAsJSONRequires() throws {
        let value = JSONValue.string("quote\" backslash\\ newline\n tab\t bell\u{07} é ∑ a/b")
        XCTAssertEqual(value.encoded(), #""quote\" backslash\\ newline\n tab\t bell\u0007 é ∑ a/b""#)
        XCTAssertEqual(try JSONValue.parse(value.encoded()), value)
        XCTAssertEqual(try JSONValue.parse(#""\/\u00e9\ud83d\ude00""#), "/é😀")
    }

    func testParsingDistinguishesBooleansIntegersAndDoubles() throws {
        let value = try JSONValue.parse(#"{"t":true,"i":42,"d":0.5,"e":1e2,"n":null,"s":"x","a":[1],"big":123456789012345678901234}"#)
        XCTAssertEqual(value["t"], .bool(true))
        XCTAssertEqual(value["i"], .int(42))
        XCTAssertEqual(value["d"], .double(0.5))
        XCTAssertEqual(value["e"], .double(100))
        XCTAssertEqual(value["e"]?.intValue, 100)
        XCTAssertEqual(value["n"], .null)
        XCTAssertEqual(value["s"]?.stringValue, "x")
        XCTAssertEqual(value["a"], [1])
        XCTAssertEqual(value["big"]?.doubleValue, 1.2345678901234568e23, "an integer too large for Int is a double")
    }

    /// The one policy for numbers JSON cannot hold: strings, read back as the numbers.
    func testNonFiniteNumbersAreStringsThatReadBackAsNumbers() throws {
        let value = JSONValue([.nan, .infinity, -.infinity, -0.0, 1e-300])
        XCTAssertEqual(value.encoded(), #"["NaN","Infinity","-Infinity",-0.0,1e-300]"#)
        let back = try XCTUnwrap(try JSONValue.parse(value.encoded()).doubles)
        XCTAssertTrue(back[0].isNaN)
        XCTAssertEqual(Array(back[1...]), [.infinity, -.infinity, -0.0, 1e-300])
        XCTAssertEqual(back[3].sign, .minus)
    }

    func testMalformedJSONThrowsWithThePlace() {
        for text in ["{", "[1 2]", "[1,,2]", "{\"a\" 1}", "nope", "", "[1,]", "01", "1.", "-", ".5", "1e", "[NaN]", "-Infinity",
                     "\"a\nb\"", "\"\\x\"", "\"\\ud800x\"", "{1: 2}", "[1] 2"] {
            XCTAssertThrowsError(try JSONValue.parse(text), text)
        }
        XCTAssertEqual(try? JSONValue.parse("[1, 2"), nil)
        do {
            _ = try JSONValue.parse("[1, NaN]")
            XCTFail("NaN parsed")
        } catch {
            XCTAssertEqual(error.offset, 4)
            XCTAssertTrue(error.description.contains("write them as the strings"), error.description)
        }
    }

    func testDeepNestingIsRefusedNotACrash() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        XCTAssertThrowsError(try JSONValue.parse(deep))
        let fine = String(repeating: "[", count: 500) + String(repeating: "]", count: 500)
        XCTAssertNoThrow(try JSONValue.parse(fine))
    }

    /// Python's json reads what we write, and we read what it writes to the last bit.
    func testPythonReadsOurJSONAndWeReadPythonsNumbersExactly() throws {
        try References.requirePython()
        var generator = SystemRandomNumberGenerator()
        let numbers = (0..<2000).map { i -> Double in
            let bits = generator.next() as UInt64
            let x = Double(bitPattern: bits)
            return x.isFinite ? x : Double(i) * 0.1
        } + [0.1, 1e-320, 5e-324, .greatestFiniteMagnitude, -0.0]
        let ours = JSONValue(numbers).encoded(.spaced)
        let script = "import json, sys; xs = json.load(sys.stdin); print(json.dumps([repr(x) for x in xs]) + '\\n' + json.dumps(xs))"
        let printed = String(decoding: try ChildProcess.run(["python3", "-c", script], input: Data(ours.utf8)), as: UTF8.self)
        let lines = printed.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, 2)
        let reprs = try XCTUnwrap(try JSONValue.parse(lines[0]).arrayValue?.compactMap(\.stringValue))
        XCTAssertEqual(reprs.map { Double($0)?.bitPattern }, numbers.map(\.bitPattern), "Python parsed our digits to the same doubles")
        let theirs = try XCTUnwrap(try JSONValue.parse(lines[1]).doubles)
        XCTAssertEqual(theirs.map(\.bitPattern), numbers.map(\.bitPattern), "we parse Python's digits to the same doubles")
        let nonFinite = try ChildProcess.run(["python3", "-c", "import json, sys; xs = json.load(sys.stdin); print([float(x) for x in xs])"],
                                             input: Data(JSONValue([.nan, .infinity, -.infinity]).encoded().utf8))
        XCTAssertEqual(String(decoding: nonFinite, as: UTF8.self), "[nan, inf, -inf]\n", "Python's float() reads the strings")
    }

    func testConvenienceInitialisersAndAccessors() {
        XCTAssertEqual(JSONValue(["text/plain": "x"]), ["text/plain": "x"])
        XCTAssertEqual(JSONValue(["a", "b"]), ["a", "b"])
        XCTAssertEqual(JSONValue.double(2).intValue, 2)
        XCTAssertNil(JSONValue.double(2.5).intValue)
        XCTAssertNil(JSONValue.string("2").doubleValue)
        XCTAssertNil(JSONValue.array([1, "x"]).doubles)
        XCTAssertEqual(JSONValue.quoted("a\"b"), #""a\"b""#)
        XCTAssertEqual(JSONValue.number(.nan), #""NaN""#)
    }
}
