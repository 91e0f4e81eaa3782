import TensorLang

/// Draws the pictures the plotting builtins describe, for the session's front-end.
struct PictureRenderer {
    /// Whether pictures also get an SVG drawing (notebooks, `--json`); text is always drawn.
    var drawsSVG = true

    /// Unicode text for terminals, and SVG when ``drawsSVG``.
    func bundle(for picture: Picture) -> MimeBundle {
        switch picture {
        case .chart(let plot):
            return MimeBundle(plain: TextPlotRenderer().render(plot), svg: drawsSVG ? SVGPlotRenderer().render(plot) : nil)
        case .unrolled(let diagram):
            return MimeBundle(plain: diagram.text(), svg: drawsSVG ? diagram.svg() : nil)
        }
    }
}
