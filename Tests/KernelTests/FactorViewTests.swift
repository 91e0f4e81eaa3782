import XCTest
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import TensorLang
@testable import Kernel

/// `draw_factors` against numbers computed here with plain arrays (IndependentRNN:
/// the states, the Jacobians diag(1 − h_t²) W_hh, their products and power iteration).
final class FactorViewTests: XCTestCase {
    /// `[[a, b], …]` with every digit of each double.
    private func literal(_ rows: [[Double]]) -> String {
        "[" + rows.map { "[" + $0.map { String(format: "%.17g", $0) }.joined(separator: ", ") + "]" }.joined(separator: ", ") + "]"
    }

    /// Runs `code` and returns the factor diagrams it showed, failing on an error.
    private func diagrams(_ code: String, file: StaticString = #filePath, line: UInt = #line) -> [FactorDiagram] {
        Interpreter().execute(code).compactMap { output in
            if case .error(let diagnostic, _) = output { XCTFail("\(diagnostic.message)", file: file, line: line) }
            if case .display(.factors(let diagram)) = output { return diagram }
            return nil
        }
    }

    private func multiply(_ a: [[Double]], _ b: [[Double]]) -> [[Double]] {
        a.map { row in b[0].indices.map { j in row.indices.reduce(0) { $0 + row[$1] * b[$1][j] } } }
    }

    private func jacobian(_ h: [Double]) -> [[Double]] {
        IndependentRNN.whh.enumerated().map { i, row in row.map { $0 * (1 - h[i] * h[i]) } }
    }

    private func assertClose(_ a: Double, _ b: Double, _ message: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertLessThanOrEqual(abs(a - b), 1e-9 * max(1, abs(b)), "\(message): \(a) vs \(b)", file: file, line: line)
    }

    func testNormsProductsBoundAndHeatmapMatchAnIndependentComputation() throws {
        for steps in [6, 30] {
            let hs = IndependentRNN.states(steps)
            let diagram = try XCTUnwrap(diagrams("draw_factors(\(literal(hs)), W=\(literal(IndependentRNN.whh)), heatmap=1)").first)
            let factors = IndependentRNN.factors(hs)
            XCTAssertEqual(diagram.norms.count, steps)
            for t in 1...steps { assertClose(diagram.norms[t - 1], factors[t]!, "T=\(steps) ‖J_\(t)‖") }
            assertClose(diagram.sigma!, IndependentRNN.spectralNorm(IndependentRNN.whh), "σ")
            // ∂h_T/∂h_k = J_T ⋯ J_{k+1}, multiplied out here from the left end.
            var product = jacobian(hs[steps])
            for d in 1...steps {
                if d > 1 { product = multiply(product, jacobian(hs[steps - d + 1])) }
                assertClose(diagram.chainNorms[d - 1], IndependentRNN.spectralNorm(product), "T=\(steps) ‖∂h_T/∂h_\(steps - d)‖")
                if steps - d == 1 {
                    let shown = try XCTUnwrap(diagram.product)
                    XCTAssertEqual(shown.k, 1)
                    for (a, b) in zip(shown.values, product.flatMap { $0 }) { assertClose(a, b, "T=\(steps) heatmap entry") }
                }
            }
        }
    }

    func testFactorsGivenDirectlyAndProductsFarBeyondTheDoubleRange() throws {
        // 1.5·I and 0.5·I: the product's norm is exactly 1.5^d and 0.5^d, overflowing only past 1.8e308.
        for (scale, steps) in [(1.5, 2000), (0.5, 1200)] {
            let code = "J = \(scale) * eye(2)\nJs = []\nfor t in 0..\(steps) { Js = push(Js, J) }\ndraw_factors(Js, sigma=\(scale))"
            let diagram = try XCTUnwrap(diagrams(code).first)
            XCTAssertEqual(diagram.chainNorms.count, steps)
            for (i, norm) in diagram.chainNorms.enumerated() {
                let exact = pow(scale, Double(i + 1))
                if exact.isInfinite { XCTAssertEqual(norm, .infinity) } else if exact >= 1e-300 { assertClose(norm / exact, 1, "\(scale)^\(i + 1)") }
                XCTAssertFalse(norm.isNaN)
            }
            let view = FactorView(diagram)
            let text = view.lines(columns: 80).joined(colour: false)
            XCTAssertTrue(text.split(separator: "\n").allSatisfy { $0.count <= 80 })
            XCTAssertTrue(view.textAlternative.summary.contains(scale > 1 ? "the gradient explodes" : "the gradient vanishes"), view.textAlternative.summary)
            XCTAssertTrue(XMLParser(data: Data(view.svg().utf8)).parse())
        }
    }

    func testMistakesAreArgumentErrors() {
        let cases = [
            ("draw_factors([[0, 0], [1, 1]], W=[[1, 0, 0]])", "bad argument #2 to 'draw_factors' (expected a 2 × 2 matrix W_hh"),
            ("draw_factors([[0, 0], [1, 1]], W=eye(2), heatmap=1)", "bad argument #3 to 'draw_factors' (expected a state k from 0 to 0"),
            ("draw_factors([[0, 0]], W=eye(2))", "expected at least one step"),
            ("draw_factors([eye(2), ones(2, 3)])", "expected square matrices of one size"),
            ("draw_factors([[0, 0], [0/0, 1]], W=eye(2))", "expected finite numbers"),
            ("draw_factors([eye(2), 1e308 * 10 * eye(2)])", "expected finite numbers"),
        ]
        for (code, expected) in cases {
            let error = Interpreter().execute(code).compactMap { output -> String? in
                if case .error(let diagnostic, _) = output { return diagnostic.message }
                return nil
            }.first
            XCTAssertTrue(error?.contains(expected) == true, "\(code): \(error ?? "no error")")
        }
    }

    func testTextFitsEveryWidthAndStatesTheVerdict() throws {
        let hs = IndependentRNN.states(100)
        let diagram = try XCTUnwrap(diagrams("draw_factors(\(literal(hs)), W=\(literal(IndependentRNN.whh)), heatmap=0)").first)
        let view = FactorView(diagram)
        for columns in [30, 60, 80, 100, 120] {
            let lines = view.lines(columns: columns).joined(colour: false).split(separator: "\n")
            XCTAssertTrue(lines.allSatisfy { $0.count <= columns }, "a line wider than \(columns): \(lines.filter { $0.count > columns })")
            XCTAssertEqual(lines.contains { $0.contains("each column is the largest of") }, columns < 120, "\(columns) columns")
        }
        let summary = view.textAlternative.summary
        let reached = diagram.chainNorms.last!
        XCTAssertTrue(summary.contains("‖∂h_100/∂h_0‖₂ is \(compactNumber(reached)) (the product of the factor norms \(compactNumber(view.normProducts.last!))"), summary)
        XCTAssertTrue(summary.contains(FactorView.verdict(reached)), summary)
        XCTAssertTrue(summary.contains("The matrix ∂h_100/∂h_0: a 3 × 3 matrix"), summary)
        let svg = view.svg()
        XCTAssertTrue(XMLParser(data: Data(svg.utf8)).parse())
        XCTAssertTrue(svg.contains("role=\"img\"") && svg.contains("<title id=\"t\">gradient factors</title>") && svg.contains("<desc id=\"d\">Gradient factors over 100 steps"))
        XCTAssertEqual(svg.components(separatedBy: "<title>step ").count - 1, 100, "one column per step")
    }

    func testTheTableListsEveryDistanceWithItsNumbers() throws {
        let hs = IndependentRNN.states(6)
        let diagram = try XCTUnwrap(diagrams("draw_factors(\(literal(hs)), W=\(literal(IndependentRNN.whh)))").first)
        let table = try XCTUnwrap(FactorView(diagram).textAlternative.table)
        let factors = IndependentRNN.factors(hs)
        XCTAssertEqual(table.rows.map { $0[0] }, ["5", "4", "3", "2", "1", "0"])
        for row in table.rows {
            let k = Int(row[0])!
            XCTAssertEqual(row[1], compactNumber(factors[k + 1]!, digits: 4))
            XCTAssertEqual(row[3], compactNumber(factors[(k + 1)...].reduce(1.0) { $0 * $1! }, digits: 4))
            XCTAssertEqual(row[4], compactNumber(pow(IndependentRNN.spectralNorm(IndependentRNN.whh), Double(6 - k)), digits: 4))
        }
    }
}
