import XCTest
import Foundation
@testable import Kernel

/// Every built-in lesson stepped through in accessible mode, as a screen-reader user
/// would: `:lesson N`, then `:next` (or `:skip` at an exercise) to the end. Nothing
/// printed may come from the braille (U+2800–28FF), box-drawing (U+2500–257F) or
/// block (U+2580–259F) ranges; every picture has a description, labelled SVG, and the
/// description states the fact the lesson's prose points at.
final class AccessibleLessonsTests: XCTestCase {
    /// One picture as the student meets it: the lesson, its place among the lesson's pictures, what it says.
    struct Described {
        var lesson: Int
        var index: Int
        var description: String
        var svg: String
    }

    /// What each picture's description must say, by lesson and picture number: the
    /// facts the prose around the picture draws attention to.
    static let facts: [Int: [[String]]] = [
        // Forward one state at a time; backward ∂L/∂h3 first, then every state.
        3: [["Forward values are shown up to h1; the later states are still unknown"], ["with 4 states h0 … h3."],
            ["Gradient norms ‖∂L/∂h_t‖ from h3 back: h3 1.8."], ["from h3 back: h3 1.8, h2 3.24, h1 9.69, h0 6.02"]],
        // The factor view (step 4's factor halves, the real product far under the bound), then the gradient's journey.
        6: [["J4 0.499", "‖∂h_5/∂h_0‖₂ is 0.125", "the product of the factor norms 0.48", "the bound 1.08^5 = 1.47", "the gradient shrinks"],
            ["from h5 back: h5 0.516, h4 0.497"], ["h4 0.497, h3 0.114", "h0 0.0161", "the gradient shrinks on the way back"]],
        // σ = 0.5 → 10⁻⁹, σ = 1.5 → 2·10⁵, σ = 1 keeps; with tanh σ = 1.1 vanishes and σ = 1.5 stays near 1.
        7: [["sigma 0.5 falls from 0.5 to 9.31e-10", "sigma 1.0 stays at 1", "sigma 1.1 rises from 1.1 to 17.4", "sigma 1.5 rises from 1.5 to 1.92e5"],
            ["sigma 1.1 falls from 1.1 to 0.0124", "sigma 1.5 goes from 1.21 to 1.44", "lowest 0.56"],
            ["tanh RNN falls from 1.1 to 0.0124", "bound 1.1^(T-k) rises from 1.1 to 17.4"],
            ["27 of 30 are above 1", "the product of the factor norms 7969", "‖∂h_30/∂h_0‖₂ is 1.44"]],
        // Twelve factors of 1.2 reach the bound 1.2¹² ≈ 9; clipping: 28 down to about 0.01 at the low points.
        8: [["are all 1.2", "‖∂h_12/∂h_0‖₂ is 8.92", "the bound 1.2^12 = 8.92", "the gradient grows"],
            ["from 28.4 to 0.291", "lowest 0.0112"]],
        // Six orders of magnitude from the newest input to the oldest.
        9: [["from 5.98e-7 to 0.607", "lowest 1.33e-7"]],
        // Vanilla: twenty orders of magnitude down; LSTM bias 1 keeps 10⁻⁶; bias 5 keeps its size.
        10: [["vanilla RNN falls from 0.00809 to 1.97e-23", "LSTM, forget bias 1 falls from 0.271 to 1.39e-6", "LSTM, forget bias 5 goes from 3.37 to 3.14"]],
        // The plain RNN's gradient is the smallest after 50 steps.
        11: [["smallest: rnn -25.6", "Largest: mut2 -10"]],
        12: [["from 76.1 to 12.8", "lowest 9.34"]],
        // The best unit's correlation with the column is 0.37; on real code, cell 2 follows the
        // indentation (−0.83), negative in the leading spaces; cell 29 rises inside brackets.
        13: [["Largest: 9 0.375"], ["smallest: 2 -0.83"],
             ["Strongly negative (below −1.87): 88 characters, in 11 stretches, first \"   p\", \"       l\""],
             ["Strongly positive (above 1.08): 55 characters, in 3 stretches, first \"diateDirectories: t\""]],
        // About 5·10⁻⁸ after 40 steps.
        15: [["falls from 1.66 to 4.85e-8"]],
        // A paragraph learned: 25 ln 27 down to about 10 per window.
        16: [["The line goes from 82.4 to 9.81"]],
        // The vanilla RNN stays at chance, the LSTM learns; before training the vanilla gradient fades, the LSTM's does not.
        18: [["row 0 goes from 1.47 to 1.4", "row 1 goes from 1.49 to 0.00708"],
             ["row 0 goes from 2.34e-4 to 0.135", "row 1 goes from 0.483 to 0.0261"]],
        // Singular values at initialisation; only the IRNN learns, with one spike on the way.
        19: [["small random falls from 0.0694 to 0.0034", "scaled random falls from 1.95 to 0.105", "orthogonal stays at 1", "identity stays at 1"],
             ["relu, identity (IRNN) goes from 6.25 to 1.2e-7", "highest 20 at x = 248"]],
        // The loss; where the network looks for each word; the gradient by path (nothing above the diagonal).
        20: [["The line goes from 7.16 to 0.0218"], ["Largest magnitude 0.389 at row 0, column 1"], ["Largest magnitude 0.733 at row 2, column 2"],
             ["Largest magnitude 0.498 at row 1, column 0"], ["Largest magnitude 0.332 at row 0, column 1"],
             ["Largest magnitude 0.0605 at row 2, column 0", "6 zero"]],
    ]

    static func isDrawingCharacter(_ scalar: Unicode.Scalar) -> Bool {
        (0x2800...0x28FF).contains(scalar.value) || (0x2500...0x257F).contains(scalar.value) || (0x2580...0x259F).contains(scalar.value)
    }

    /// Steps through lesson `number` and returns everything printed and the pictures shown.
    private func walk(_ number: Int) throws -> (printed: String, pictures: [Described]) {
        var options = SessionOptions.script(environment: [:], json: false)
        options.display = DisplayOptions(columns: 80, rows: 24, accessible: true)
        let session = Session.standard(options)
        // The SVG marks which outputs are pictures; the text printed is the same without it.
        session.pictures.drawsSVG = true
        let stepper = try XCTUnwrap(session.extensions.compactMap { $0 as? LessonStepper }.first)
        var printed: [String] = []
        var pictures: [Described] = []
        func run(_ command: String) -> ExecutionResult {
            let result = session.execute(command, storeHistory: true) { _ in }
            for output in result.outputs {
                switch output {
                case .stream(_, let text): printed.append(text)
                case .display(let bundle), .result(let bundle), .page(let bundle):
                    printed.append(bundle.plain)
                    if let svg = bundle.data["image/svg+xml"] {
                        pictures.append(Described(lesson: number, index: pictures.count, description: bundle.plain, svg: svg))
                    }
                }
            }
            if let error = result.error { printed.append(error.traceback.joined(separator: "\n")) }
            return result
        }
        let opened = run(":lesson \(number)")
        XCTAssertNil(opened.error, "lesson \(number): \(opened.error?.value ?? "")")
        for _ in 0..<200 {
            let atExercise = (try? stepper.currentExercise()) != nil
            let result = run(atExercise ? ":skip" : ":next")
            if let error = result.error {
                if error.value.hasPrefix("that was the last step") { break }
                XCTFail("lesson \(number), step \(stepper.currentStep + 1): \(error.value)")
            }
            if atExercise, stepper.currentStep + 1 == stepper.lesson?.steps.count { break }
        }
        return (printed.joined(separator: "\n"), pictures)
    }

    func testEveryLessonInAccessibleModePrintsNoDrawingAndDescribesEveryPicture() throws {
        let numbers = LessonLibrary.locate(environment: [:]).load().lessons.map(\.number)
        XCTAssertGreaterThanOrEqual(numbers.count, 15, "the built-in lessons")
        var described: [Int: [Described]] = [:]
        for number in numbers {
            let (printed, pictures) = try walk(number)
            if let line = printed.split(separator: "\n").first(where: { $0.unicodeScalars.contains(where: Self.isDrawingCharacter) }) {
                XCTFail("lesson \(number) printed line drawing: \(line)")
            }
            for picture in pictures {
                let summary = picture.description.components(separatedBy: "\n\n")[0]
                XCTAssertGreaterThan(summary.count, 40, "lesson \(number) picture \(picture.index): \(summary)")
                XCTAssertTrue(picture.svg.contains("role=\"img\"") && picture.svg.contains("<title id=\"t\">") && picture.svg.contains("<desc id=\"d\">"),
                              "lesson \(number) picture \(picture.index): an SVG labelled for screen readers")
            }
            described[number] = pictures
        }
        var report = ""
        for number in numbers {
            for picture in described[number] ?? [] {
                report += "lesson \(number) picture \(picture.index): \(picture.description.components(separatedBy: "\n\n")[0])\n"
            }
        }
        if let path = ProcessInfo.processInfo.environment["UNROLL_DESCRIPTIONS_OUT"] { try report.write(toFile: path, atomically: true, encoding: .utf8) }
        for (number, facts) in Self.facts {
            let pictures = described[number] ?? []
            XCTAssertEqual(pictures.count, facts.count, "lesson \(number) shows \(pictures.count) pictures")
            for (picture, needed) in zip(pictures, facts) {
                for fact in needed {
                    XCTAssertTrue(picture.description.contains(fact), "lesson \(number) picture \(picture.index) should say \"\(fact)\": \(picture.description)")
                }
            }
        }
        // A lesson added later is held to everything above (no drawing, a description and a
        // labelled SVG for each picture) as soon as it is built in; the facts its pictures must
        // state are listed here by its author, like those of the first fifteen.
        XCTAssertTrue(Set(Self.facts.keys).isSubset(of: Set(numbers)), "facts listed for a lesson that does not exist")
    }

    func testSetAccessibleTurnsTheModeOnAndOffInASession() {
        let session = Session.standard(.interactive(environment: [:], terminal: true))
        session.pictures.drawsSVG = false
        func printed(_ code: String) -> String {
            let result = session.execute(code, storeHistory: true) { _ in }
            return result.outputs.map { output -> String in
                switch output {
                case .stream(_, let text): return text
                case .display(let b), .result(let b), .page(let b): return b.plain
                }
            }.joined(separator: "\n") + (result.error.map { "error: " + $0.value } ?? "")
        }
        let drawing = { (text: String) in text.unicodeScalars.contains(where: Self.isDrawingCharacter) }
        XCTAssertTrue(printed(":set").hasPrefix("accessible off"))
        XCTAssertTrue(drawing(printed("x = [1, 2, 4]\nplot(x)")), "drawn by default")
        XCTAssertTrue(printed(":set accessible on").hasPrefix("accessible mode on"))
        let described = printed("plot(x)")
        XCTAssertFalse(drawing(described), described)
        XCTAssertTrue(described.hasPrefix("Line chart: 1 series over x = 0 … 2, y from 1 to 4. The line rises from 1 to 4."), described)
        XCTAssertFalse(drawing(printed(":vars")), "tables without a rule")
        XCTAssertTrue(printed(":set").hasPrefix("accessible on"))
        XCTAssertTrue(printed(":set accessible off").hasPrefix("accessible mode off"))
        XCTAssertTrue(drawing(printed("plot(x)")))
        XCTAssertEqual(printed(":set accessible maybe"), "error: :set takes a setting and a value: :set accessible on, or :set accessible off")
    }
}
