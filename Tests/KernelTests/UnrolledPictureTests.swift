import XCTest
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
@testable import Kernel

/// Lesson 6's network, recomputed here with plain arrays (no library code):
/// h_t = tanh(W_hh h_{t−1} + W_xh x_t), and the factor norms ‖diag(1 − h_t²) W_hh‖₂
/// by power iteration on JᵀJ.
struct IndependentRNN {
    static let whh: [[Double]] = [[0.9, -0.4, 0.2], [0.3, 0.8, -0.5], [-0.2, 0.4, 0.7]]
    static let wxh: [[Double]] = [[1.0, -0.5], [0.4, 0.9], [-0.7, 0.3]]

    /// Inputs x_t = (sin t, cos 2t) / 2, deterministic for any T.
    static func states(_ steps: Int) -> [[Double]] {
        var hs: [[Double]] = [[0, 0, 0]]
        for t in 1...steps {
            let x = [sin(Double(t)) / 2, cos(2 * Double(t)) / 2]
            let h = hs[t - 1]
            var next: [Double] = []
            for i in 0..<3 {
                var a = 0.0
                for j in 0..<3 { a += whh[i][j] * h[j] }
                for j in 0..<2 { a += wxh[i][j] * x[j] }
                next.append(tanh(a))
            }
            hs.append(next)
        }
        return hs
    }

    static func spectralNorm(_ m: [[Double]]) -> Double {
        let n = m[0].count
        var v = [Double](repeating: 1, count: n)
        var value = 0.0
        for _ in 0..<500 {
            let mv = m.map { row in zip(row, v).reduce(0) { $0 + $1.0 * $1.1 } }
            var w = (0..<n).map { j in m.indices.reduce(0) { $0 + m[$1][j] * mv[$1] } }
            let norm = w.reduce(0) { $0 + $1 * $1 }.squareRoot()
            w = w.map { $0 / norm }
            value = norm.squareRoot()
            v = w
        }
        return value
    }

    static func factors(_ hs: [[Double]]) -> [Double?] {
        var out: [Double?] = [nil]
        for t in 1..<hs.count {
            var jacobian: [[Double]] = []
            for i in 0..<3 {
                let slope = 1 - hs[t][i] * hs[t][i]
                jacobian.append(whh[i].map { $0 * slope })
            }
            out.append(spectralNorm(jacobian))
        }
        return out
    }
}

final class UnrolledPictureTests: XCTestCase {
    static let goldenDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Golden/pictures")

    private func layout(_ steps: Int, gradients: Bool = false) -> (UnrolledLayout, factors: [Double?], sigma: Double) {
        let hs = IndependentRNN.states(steps)
        let factors = IndependentRNN.factors(hs)
        let sigma = IndependentRNN.spectralNorm(IndependentRNN.whh)
        let grads: [[Double]?] = hs.indices.map { t in gradients ? hs[t].map { $0 * Double(t + 1) } : nil }
        return (UnrolledLayout(title: "T = \(steps)", states: hs, gradients: grads, factors: factors,
                               productShown: hs.map { _ in true }, sigma: sigma), factors, sigma)
    }

    /// `printed` is `exact` rounded to the digits it shows.
    private func assertShowsDigits(_ printed: String, of exact: Double, _ message: String, file: StaticString = #filePath, line: UInt = #line) {
        guard let value = Double(printed) else { return XCTFail("not a number: \(printed) (\(message))", file: file, line: line) }
        let mantissa = printed.split(separator: "e")[0]
        let decimals = mantissa.split(separator: ".").count > 1 ? mantissa.split(separator: ".")[1].count : 0
        let exponent = printed.contains("e") ? Double(printed.split(separator: "e")[1]) ?? 0 : 0
        let halfUnit = 0.5 * pow(10, exponent - Double(decimals)) * (1 + 1e-9)
        XCTAssertLessThanOrEqual(abs(value - exact), halfUnit, "\(message): shows \(printed), exact \(exact)", file: file, line: line)
    }

    func testGoldenPicturesAt80100And120ColumnsShowEveryFactorCorrectly() throws {
        let subscripts = Dictionary(uniqueKeysWithValues: "₀₁₂₃₄₅₆₇₈₉".enumerated().map { ($1, $0) })
        let arrow = try NSRegularExpression(pattern: "─ ([-0-9.e]+) ─*▶│ *h([₀-₉]+)")
        for steps in [3, 6, 30, 100] {
            let (layout, factors, sigma) = layout(steps, gradients: steps == 6)
            for columns in [80, 100, 120] {
                let renderer = UnrolledTextRenderer(columns: columns)
                let text = renderer.lines(layout).joined(colour: false)
                let name = "unrolled-T\(steps)-\(columns).txt"
                let lines = text.split(separator: "\n")
                XCTAssertTrue(lines.allSatisfy { $0.count <= columns }, "\(name): a line wider than \(columns)")
                // Every arrow drawn carries its factor, correct to the digits shown.
                var seen = Set<Int>()
                for match in arrow.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                    let printed = String(text[Range(match.range(at: 1), in: text)!])
                    let t = String(text[Range(match.range(at: 2), in: text)!]).reduce(0) { $0 * 10 + (subscripts[$1] ?? 0) }
                    assertShowsDigits(printed, of: factors[t]!, "\(name) factor into h\(t)")
                    seen.insert(t)
                }
                let drawn = renderer.bands(layout).flatMap { band -> [Int] in
                    if case .states(let r) = band { return r.filter { $0 > 0 } } else { return [] }
                }
                XCTAssertEqual(seen, Set(drawn), "\(name): every drawn arrow has its factor")
                XCTAssertEqual(steps >= 30, renderer.bands(layout).count == 3 && text.contains(" steps (h"), "\(name): long sequences elide their middle")
                // Running products and bounds against the independent factors.
                for column in layout.columns {
                    let exact = factors[(column.t + 1)...].reduce(1.0) { $0 * $1! }
                    assertShowsDigits(column.product!, of: exact, "\(name) product at h\(column.t)")
                    assertShowsDigits(column.bound!, of: pow(sigma, Double(steps - column.t)), "\(name) bound at h\(column.t)")
                }
                try compareWithGolden(text, name)
            }
        }
    }

    func testElidedStepsSayHowManyAndWhatTheirFactorsMultiplyTo() {
        let (layout, factors, _) = layout(100)
        let bands = layout.bands(perBand: 3, maxBands: 3)
        XCTAssertEqual(bands.count, 3)
        guard case .elided(let hidden, let product?) = bands[1] else { return XCTFail("\(bands)") }
        XCTAssertEqual(hidden, 3..<98)
        assertShowsDigits(product, of: factors[3..<98].reduce(1.0) { $0 * $1! }, "elided product")
        XCTAssertTrue(UnrolledLayout.elisionText(hidden, product: product).hasPrefix("… 95 steps (h₃ … h₉₇) …"))
    }

    func testForwardAndBackwardReveal() {
        let hs = IndependentRNN.states(3)
        let layout = UnrolledLayout(title: "", states: [hs[0], hs[1], nil, nil], gradients: [nil, nil, [0.5], [1]],
                                    factors: IndependentRNN.factors(hs), productShown: [false, false, true, true], sigma: 1.1)
        XCTAssertEqual(layout.columns.map(\.value.first), ["0", "0.481", "?", "?"])
        XCTAssertEqual(layout.columns.map { $0.factor != nil }, [false, true, false, false], "a factor appears with its state")
        XCTAssertEqual(layout.columns.map(\.gradient), [nil, nil, "0.5", "1"])
        XCTAssertEqual(layout.columns.map(\.product), [nil, nil, layout.columns[2].product, "1"])
        let text = UnrolledTextRenderer(columns: 120).lines(layout).joined(colour: false)
        XCTAssertEqual(text.components(separatedBy: "◀").count - 1, 1, "one backward arrow: from h₃ to h₂\n\(text)")
    }

    func testSVGFoldsLongSequencesAndIsLabelled() {
        let (layout, _, _) = layout(100, gradients: true)
        let svg = UnrolledSVGRenderer().render(layout, description: layout.textAlternative.summary)
        XCTAssertTrue(XMLParser(data: Data(svg.utf8)).parse())
        XCTAssertEqual(svg.components(separatedBy: "<rect x=").count - 1, 16, "two rows of 8 states, the middle elided")
        XCTAssertTrue(svg.contains("role=\"img\"") && svg.contains("<title id=\"t\">T = 100</title>") && svg.contains("<desc id=\"d\">Unrolled network"))
    }

    func testTextAlternativeStatesTheProductAgainstTheBound() {
        let (layout, factors, sigma) = layout(6)
        let summary = layout.textAlternative.summary
        XCTAssertTrue(summary.hasPrefix("Unrolled network \"T = 6\" with 7 states h0 … h6."), summary)
        XCTAssertTrue(summary.contains("h0 → h1 \(compactNumber(factors[1]!))"), summary)
        let product = factors[1...].reduce(1.0) { $0 * $1! }
        XCTAssertTrue(summary.contains("from h6 back to h0 is \(compactNumber(product)), against the bound σ^6 = \(compactNumber(pow(sigma, 6)))"), summary)
    }

    /// Compares with `Tests/Golden/pictures/NAME`; set UNROLL_RECORD_GOLDEN=1 to write it instead.
    private func compareWithGolden(_ text: String, _ name: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let url = Self.goldenDirectory.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["UNROLL_RECORD_GOLDEN"] != nil {
            try FileManager.default.createDirectory(at: Self.goldenDirectory, withIntermediateDirectories: true)
            try Data((text + "\n").utf8).write(to: url, options: .atomic)
            return
        }
        let golden = try String(contentsOf: url, encoding: .utf8)
        XCTAssertEqual(text + "\n", golden, "\(name) differs from its golden file (UNROLL_RECORD_GOLDEN=1 rewrites it)", file: file, line: line)
    }
}
