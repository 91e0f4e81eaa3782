import Foundation
import Courseware

/// How a lesson step reaches the student: its prose rendered for a terminal
/// (``TerminalMarkdown``; the Markdown itself for notebooks), its code behind
/// a gutter, and — when a cell's output is taller than the terminal and has
/// pushed the explanation off the screen — the prose again under the output.
extension LessonStepper {
    /// Lesson prose is wrapped to the terminal, but never wider than this.
    static let proseWidth = 100

    private var display: DisplayOptions { session?.pictures.display ?? DisplayOptions() }

    /// `── step 3 of 12 ──` and the step's prose; `again` marks the copy shown after long output.
    func proseBundle(step index: Int, of lesson: Lesson, again: Bool = false) -> MimeBundle {
        let prose = lesson.steps[index].prose.trimmingCharacters(in: .whitespacesAndNewlines)
        let title = "step \(index + 1) of \(lesson.steps.count)" + (again ? ", again (the output above was long)" : "")
        // A rule drawn with box characters is noise to a screen reader.
        let header = StyledLine(display.accessible ? title[title.startIndex].uppercased() + title.dropFirst() + ":" : "── \(title) ──", style: TextStyle(dim: true))
        func rendered(colour: Bool) -> String {
            let markdown = TerminalMarkdown(width: min(display.columns ?? 80, Self.proseWidth), colour: colour, accessible: display.accessible)
            return ([header] + (prose.isEmpty ? [] : markdown.render(prose))).joined(colour: colour)
        }
        var bundle = MimeBundle(plain: rendered(colour: false))
        bundle.data["text/markdown"] = prose
        if display.colour, !display.accessible { bundle.data[ansiTextMimeType] = rendered(colour: true) }
        return bundle
    }

    /// `code` behind the gutter Markdown code blocks get, with optional text before and after.
    func codeBundle(_ code: String, before: String? = nil, after: String? = nil) -> MimeBundle {
        let markdown = TerminalMarkdown(colour: display.colour, accessible: display.accessible)
        let lines = markdown.codeBlock(code.split(separator: "\n", omittingEmptySubsequences: false).map(String.init))
        func text(colour: Bool) -> String {
            // A blank line parts the code from the prose above it.
            [before ?? "", lines.joined(colour: colour), after.map { "\n" + $0 }].compactMap { $0 }.joined(separator: "\n")
        }
        var bundle = MimeBundle(plain: text(colour: false))
        if display.colour, !display.accessible { bundle.data[ansiTextMimeType] = text(colour: true) }
        return bundle
    }

    /// Runs a lesson cell; when what it printed, with the code shown above it, takes
    /// more than half the terminal and has pushed the step's prose (shown at
    /// `proseIndex` of this execution's outputs; nil: earlier) off the screen, shows
    /// the prose again under it, so the explanation sits next to the prompt.
    func runCell(_ code: String, step index: Int, of lesson: Lesson, proseIndex: Int?, in session: Session) throws {
        let failure = session.run(code)
        if let failure { throw failure }
        guard let rows = display.rows, !session.pictures.drawsSVG else { return }
        let columns = max(display.columns ?? 80, 1)
        func height(_ text: String) -> Int {
            text.split(separator: "\n", omittingEmptySubsequences: false).reduce(0) { $0 + max(1, ($1.count + columns - 1) / columns) }
        }
        func height(_ output: SessionOutput) -> Int {
            switch output {
            case .stream(_, let text): return height(text.hasSuffix("\n") ? String(text.dropLast()) : text)
            case .display(let bundle), .result(let bundle), .page(let bundle): return height(bundle.plain)
            }
        }
        let first = proseIndex.map { $0 + 1 } ?? 0
        let below = session.gathered[min(first, session.gathered.count)...].reduce(0) { $0 + height($1) }
            + (session.pendingValue.map { height(session.renderer.bundle(for: $0).plain) } ?? 0)
        let prose = proseIndex.map { height(session.gathered[$0]) } ?? rows
        guard below > rows / 2, prose + below + 1 > rows else { return }
        // The cell's value goes above the prose, not after it.
        session.flushPendingValue(asResult: false, count: nil, store: false)
        session.emit(.display(proseBundle(step: index, of: lesson, again: true)))
    }
}
