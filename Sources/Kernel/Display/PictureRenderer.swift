import TensorLang

/// How pictures are drawn for one front-end: the terminal's width, whether
/// colour may be used, and whether text alternatives replace the drawings.
public struct DisplayOptions: Sendable, Equatable {
    /// The terminal's width in columns; pictures fold or shrink to fit. Nil: 80.
    public var columns: Int?
    /// The terminal's height in lines; a lesson step whose output is taller shows its
    /// prose again under it. Nil: not a terminal (never shown again).
    public var rows: Int?
    /// Whether terminal pictures may carry ANSI colours (a colour terminal without NO_COLOR).
    public var colour = false
    /// Whether pictures are shown as their text alternative (description and
    /// table) instead of braille and box drawing, for screen readers.
    public var accessible = false

    public init(columns: Int? = nil, rows: Int? = nil, colour: Bool = false, accessible: Bool = false) {
        self.columns = columns
        self.rows = rows
        self.colour = colour
        self.accessible = accessible
    }

    /// `UNROLL_ACCESSIBLE=1` (any value but empty or `0`) turns on the accessible mode; `COLUMNS`
    /// and `LINES` give the terminal's size.
    public static func from(environment: [String: String]) -> DisplayOptions {
        var options = DisplayOptions()
        if let value = environment["UNROLL_ACCESSIBLE"], !value.isEmpty, value != "0" { options.accessible = true }
        if let text = environment["COLUMNS"], let columns = Int(text), columns > 0 { options.columns = columns }
        if let text = environment["LINES"], let rows = Int(text), rows > 0 { options.rows = rows }
        return options
    }
}

/// The MIME type of a picture's coloured terminal form (ANSI escape codes), which only a colour terminal prints.
public let ansiTextMimeType = "text/x-ansi"

/// Draws the pictures the plotting builtins describe, for the session's front-end:
/// Unicode text for a terminal (coloured too when allowed), SVG for notebooks, and
/// always the text alternative — as the plain text in accessible mode and in
/// notebooks, and inside the SVG's `<desc>`.
public struct PictureRenderer: Sendable {
    /// Whether pictures also get an SVG drawing (notebooks, `--json`).
    public var drawsSVG = true
    public var display = DisplayOptions()

    public init(drawsSVG: Bool = true, display: DisplayOptions = DisplayOptions()) {
        self.drawsSVG = drawsSVG
        self.display = display
    }

    /// The picture drawn for this front-end: its text (or, in accessible mode and
    /// in notebooks, its text alternative), the SVG when asked for, and the
    /// coloured terminal form when colour is allowed.
    public func bundle(for picture: Picture) -> MimeBundle {
        let columns = max(display.columns ?? 80, 20)
        let lines: [StyledLine], svg: () -> String, alternative: PictureText
        // Shaded text is coloured in place of its marks, so its coloured lines differ from the plain ones.
        var colouredLines: [StyledLine]?
        switch picture {
        case .chart(let plot):
            alternative = plot.textAlternative
            let renderer = TextPlotRenderer(width: min(72, columns - 10), columns: columns)
            lines = renderer.lines(plot)
            svg = { SVGPlotRenderer().render(plot) }
        case .unrolled(let diagram):
            let layout = UnrolledLayout(diagram)
            alternative = layout.textAlternative
            lines = UnrolledTextRenderer(columns: columns).lines(layout)
            svg = { UnrolledSVGRenderer().render(layout, description: alternative.summary) }
        case .factors(let diagram):
            let view = FactorView(diagram)
            alternative = view.textAlternative
            lines = view.lines(columns: columns)
            svg = { view.svg() }
        case .shadedText(let text):
            let view = ShadedTextView(text)
            alternative = view.textAlternative
            lines = view.lines(columns: columns, colour: false)
            colouredLines = view.lines(columns: columns, colour: true)
            svg = { view.svg(description: alternative.summary) }
        }
        // A notebook shows the SVG; its text/plain is what a screen reader or a text-only client gets.
        let plain = display.accessible || drawsSVG ? alternative.text(accessible: display.accessible) : lines.joined(colour: false)
        var bundle = MimeBundle(plain: plain, svg: drawsSVG ? svg() : nil)
        if display.colour, !display.accessible, !drawsSVG { bundle.data[ansiTextMimeType] = (colouredLines ?? lines).joined(colour: true) }
        return bundle
    }
}

extension UnrolledLayout {
    /// The layout of a diagram the `draw_unrolled` builtin described.
    init(_ diagram: UnrolledDiagram) {
        self.init(title: diagram.title, states: diagram.states, gradients: diagram.gradients,
                  factors: diagram.factors, productShown: diagram.productShown, sigma: diagram.sigma)
    }
}
