/// A picture a builtin shows (`plot`, `heatmap`, `bar`, `draw_unrolled`, `draw_factors`,
/// `shade_text`): a
/// description of what to draw, not a drawing. The interpreter emits it as
/// ``Output/display(_:)``; the session renders it for its front-end (Unicode text
/// for a terminal, SVG for a notebook).
public enum Picture: Sendable, Equatable {
    /// A line chart, heatmap or bar chart.
    case chart(Plot)
    /// An RNN unrolled over time, with values and gradients.
    case unrolled(UnrolledDiagram)
    /// The gradient factors along a sequence: their norms, their product against the bound.
    case factors(FactorDiagram)
    /// A text with each character shaded by a value.
    case shadedText(ShadedText)
}
