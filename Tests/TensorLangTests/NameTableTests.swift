@testable import TensorLang
import XCTest

/// The frames' name table: every name found again after many insertions and growths,
/// names whose hashes collide kept apart, replacement in place, and frames walked outward.
final class NameTableTests: XCTestCase {
    func testManyNamesAreFoundAgainAfterGrowing() {
        var table = NameTable<Int>()
        let names = (0..<1_000).map { "n\($0)" } + ["", "é", "名前", "a_b", "x1"]
        for (i, name) in names.enumerated() { table.set(i, named: name, hash: NameHash.of(name)) }
        XCTAssertEqual(table.count, names.count)
        for (i, name) in names.enumerated() { XCTAssertEqual(table.element(named: name, hash: NameHash.of(name)), i, name) }
        XCTAssertNil(table.element(named: "n1000", hash: NameHash.of("n1000")))
        XCTAssertEqual(Set(table.entries.map(\.name)), Set(names))
    }

    func testCollidingHashesKeepNamesApartAndReplacementKeepsTheCount() {
        var table = NameTable<String>()
        for name in ["a", "b", "c", "d", "e", "f", "g", "h", "i"] { table.set(name.uppercased(), named: name, hash: 7) }
        table.set("second", named: "e", hash: 7)
        XCTAssertEqual(table.count, 9)
        XCTAssertEqual(table.element(named: "e", hash: 7), "second")
        XCTAssertEqual(table.element(named: "i", hash: 7), "I")
        XCTAssertNil(table.element(named: "j", hash: 7))
        // A name is found only under its own hash: lookups with another hash miss.
        XCTAssertNil(table.element(named: "a", hash: 8))
        table.removeAll()
        XCTAssertEqual(table.count, 0)
        XCTAssertNil(table.element(named: "a", hash: 7))
    }

    func testTheHashIsFixedAndDependsOnEveryByte() {
        // FNV-1a of the empty string, folded: a fixed value, not seeded per process.
        XCTAssertEqual(NameHash.of(""), Int(truncatingIfNeeded: 0xcbf2_9ce4_8422_2325 as UInt64 ^ (0xcbf2_9ce4_8422_2325 >> 29)))
        XCTAssertNotEqual(NameHash.of("ab"), NameHash.of("ba"))
        XCTAssertNotEqual(NameHash.of("loss"), NameHash.of("loss "))
    }

    func testFramesAreSearchedInnermostFirstAndListTheirOwnNames() {
        let globals = Environment(), frame = Environment(enclosing: globals)
        globals.define("x", .scalar(1))
        globals.define("y", .scalar(2))
        frame.define("x", .scalar(3))
        XCTAssertEqual(frame.lookup("x")?.wholeNumber, 3)
        XCTAssertEqual(frame.lookup("y")?.wholeNumber, 2)
        XCTAssertNil(frame.lookup("z"))
        XCTAssertNil(frame.localValue("y"))
        XCTAssertEqual(Set(frame.values.keys), ["x"])
        XCTAssertEqual(frame.visibleNames, ["x", "y"])
        globals.removeAll()
        XCTAssertNil(frame.lookup("y"))
    }

    func testProgramsSeeAssignmentsLoopsAndShadowing() {
        let session = Interpreter()
        let outputs = session.execute("""
        x = 1
        def f(x) { y = x + 10
          return y }
        for i in 0..3 { x = x + i }
        f(x) + x
        """)
        guard case .value(let v)? = outputs.last else { return XCTFail("\(outputs)") }
        XCTAssertEqual(v.wholeNumber, 18)   // x = 1 + 0 + 1 + 2 = 4; f(4) = 14; 14 + 4
        XCTAssertNil(session.value(of: "y"))
    }
}
