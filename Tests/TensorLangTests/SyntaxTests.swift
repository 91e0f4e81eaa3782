@testable import TensorLang
import XCTest

/// The lexer, the parser and `isComplete`.
final class SyntaxTests: XCTestCase {
    func kinds(_ source: String) throws -> [TokenKind] {
        try Lexer.tokenize(source).map(\.kind)
    }

    func testTheLexerReadsNumbersNamesStringsAndSymbols() throws {
        XCTAssertEqual(try kinds("x = 2.5e-1 ** 2 # comment"), [
            .identifier("x"), .symbol(.assign), .number(0.25), .symbol(.power), .number(2), .endOfInput,
        ])
        XCTAssertEqual(try kinds("0..n"), [.number(0), .symbol(.range), .identifier("n"), .endOfInput])
        XCTAssertEqual(try kinds("\"a\\n\" 'b'"), [.string("a\n"), .string("b"), .endOfInput])
        XCTAssertEqual(try kinds("a <= b != c"), [
            .identifier("a"), .symbol(.lessEqual), .identifier("b"), .symbol(.notEqual), .identifier("c"), .endOfInput,
        ])
    }

    func testLineBreaksEndStatementsExceptInsideBrackets() throws {
        XCTAssertEqual(try kinds("a\nb"), [.identifier("a"), .newline, .identifier("b"), .endOfInput])
        XCTAssertEqual(try kinds("[1,\n 2]"), [
            .symbol(.leftBracket), .number(1), .symbol(.comma), .number(2), .symbol(.rightBracket), .endOfInput,
        ])
        XCTAssertEqual(try kinds("{\n}"), [.symbol(.leftBrace), .newline, .symbol(.rightBrace), .endOfInput])
    }

    func testSpansAreUTF8Offsets() throws {
        let tokens = try Lexer.tokenize("\"σ\" + x")
        // "σ" is 4 bytes with its quotes; x starts at byte 7.
        XCTAssertEqual(tokens[0].span, SourceSpan(0, 4))
        XCTAssertEqual(tokens[2].span, SourceSpan(7, 8))
    }

    func testUnexpectedCharacterSpanCoversTheWholeCharacter() {
        XCTAssertThrowsError(try Lexer.tokenize("x = σ")) { error in
            guard let d = error as? Diagnostic else { return XCTFail("\(error)") }
            XCTAssertEqual(d.kind, .lexical)
            XCTAssertEqual(d.span, SourceSpan(4, 6))
            XCTAssertEqual(DiagnosticRenderer.render(d, source: "x = σ"), """
                1 | x = σ
                  |     ^ error: unexpected character 'σ'
                """)
        }
    }

    func testPrecedenceFollowsTheGrammar() {
        let session = Interpreter()
        func value(_ code: String) -> String {
            guard case .value(let v)? = session.execute(code).first else { return "error" }
            return v.printed
        }
        XCTAssertEqual(value("1 + 2 * 3"), "7")
        XCTAssertEqual(value("(1 + 2) * 3"), "9")
        XCTAssertEqual(value("-2 ** 2"), "-4")
        XCTAssertEqual(value("2 ** 3 ** 2"), "512")
        XCTAssertEqual(value("10 - 4 - 3"), "3")
        XCTAssertEqual(value("[1, 2] @ [3, 4] + 1"), "12")
        XCTAssertEqual(value("1 + 1 == 2 and not 1 > 2"), "true")
        XCTAssertEqual(value("len(0..5)"), "5")
    }

    func testIsCompleteTellsTheReplWhenToAskForMore() {
        XCTAssertEqual(isComplete("x = 1"), .complete)
        XCTAssertEqual(isComplete(""), .complete)
        XCTAssertEqual(isComplete("x = [1, 2"), .incomplete)
        XCTAssertEqual(isComplete("zeros(2,"), .incomplete)
        XCTAssertEqual(isComplete("def f(x) {\n  y = x"), .incomplete)
        XCTAssertEqual(isComplete("if a > 1 {"), .incomplete)
        XCTAssertEqual(isComplete("print(\"abc"), .incomplete)
        XCTAssertEqual(isComplete("x = 1 )"), .invalid)
        XCTAssertEqual(isComplete("x = = 1"), .invalid)
        XCTAssertEqual(isComplete("x = \"a\nb\""), .invalid)
    }

    func testDeepNestingIsAnErrorNotACrash() {
        for source in [String(repeating: "[", count: 20_000), String(repeating: "(", count: 20_000) + "1",
                       String(repeating: "-", count: 20_000) + "1", String(repeating: "if 1 {", count: 20_000),
                       "x = 1" + String(repeating: " + 1", count: 50_000)] {
            XCTAssertThrowsError(try Parser.parse(source)) { error in
                XCTAssertEqual((error as? Diagnostic)?.kind, .limit)
            }
        }
    }

    func testAssignmentTargetsAreNames() {
        XCTAssertThrowsError(try Parser.parse("x[0] = 1")) { error in
            XCTAssertEqual((error as? Diagnostic)?.message, "cannot assign to this expression")
        }
        XCTAssertNoThrow(try Parser.parse("a, b, c = f()"))
    }
}
