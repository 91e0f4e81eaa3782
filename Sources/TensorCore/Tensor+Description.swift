import Foundation

/// numpy-like printing: values aligned in columns, nested brackets, long axes
/// truncated with `...`.
extension Tensor: CustomStringConvertible {
    /// Printing options shared by every front-end.
    public struct PrintOptions: Sendable {
        /// Digits after the decimal point.
        public var precision = 4
        /// Above this many elements, axes are summarised with `...`.
        public var threshold = 1000
        /// Elements kept at each end of a summarised axis.
        public var edgeItems = 3
        public init() {}
    }

    public var description: String { formatted(PrintOptions()) }

    /// The text of this tensor under `options`, e.g. `[[ 1.  -0.5]\n [ 0.   2. ]]`.
    public func formatted(_ options: PrintOptions) -> String {
        let summarise = count > options.threshold
        let cells = Tensor.alignedCells(visibleScalars(summarise: summarise, edge: options.edgeItems), options)
        let width = cells.map(\.count).max() ?? 0
        var cursor = 0
        func render(_ axis: Int, indent: Int) -> String {
            if axis == rank {
                defer { cursor += 1 }
                let cell = cells[cursor]
                return String(repeating: " ", count: width - cell.count) + cell
            }
            let positions = Tensor.visiblePositions(shape[axis], summarise: summarise, edge: options.edgeItems)
            var parts: [String] = []
            for p in positions {
                parts.append(p == nil ? "..." : render(axis + 1, indent: indent + 1))
            }
            let separator = axis == rank - 1 ? " " : String(repeating: "\n", count: rank - axis - 1) + String(repeating: " ", count: indent + 1)
            return "[" + parts.joined(separator: separator) + "]"
        }
        if rank == 0 { return cells.first ?? "" }
        if count == 0 { return "[]" }
        return render(0, indent: 0)
    }

    /// The elements that will be printed, in order.
    private func visibleScalars(summarise: Bool, edge: Int) -> [Double] {
        if !summarise { return scalars }
        var out: [Double] = []
        let strides = Shape.strides(shape)
        func walk(_ axis: Int, _ offset: Int) {
            if axis == rank { out.append(scalars[offset]); return }
            for p in Tensor.visiblePositions(shape[axis], summarise: true, edge: edge) {
                if let p { walk(axis + 1, offset + p * strides[axis]) }
            }
        }
        walk(0, 0)
        return out
    }

    /// Positions shown along an axis; `nil` marks the `...` gap.
    private static func visiblePositions(_ n: Int, summarise: Bool, edge: Int) -> [Int?] {
        if !summarise || n <= 2 * edge { return Array(0..<n) }
        return Array(0..<edge) + [nil] + Array((n - edge)..<n)
    }

    /// Formats numbers as numpy does: one style for the whole tensor (scientific
    /// when magnitudes span too far), trailing zeros trimmed, and every cell
    /// padded so the decimal points line up.
    static func alignedCells(_ values: [Double], _ options: PrintOptions) -> [String] {
        let finite = values.filter { $0.isFinite && $0 != 0 }.map { Swift.abs($0) }
        let largest = finite.max() ?? 0, smallest = finite.min() ?? 0
        let scientific = largest >= 1e8 || (smallest > 0 && smallest < 1e-4) || (smallest > 0 && largest / smallest > 1e3 && smallest < 1e-3)
        let texts = values.map { x -> String in
            if x.isNaN { return "nan" }
            if x.isInfinite { return x > 0 ? "inf" : "-inf" }
            if scientific { return String(format: "%.\(options.precision)e", x) }
            var text = String(format: "%.\(options.precision)f", x)
            while text.hasSuffix("0") { text.removeLast() }
            return text
        }
        // Split numbers at the decimal point; nan and inf stay whole and are
        // right-aligned later with everything else.
        let parts = texts.map { text -> (String, String)? in
            guard let dot = text.firstIndex(of: ".") else { return nil }
            return (String(text[..<dot]), String(text[dot...]))
        }
        let integerWidth = parts.compactMap { $0?.0.count }.max() ?? 0
        let fractionWidth = parts.compactMap { $0?.1.count }.max() ?? 0
        return Swift.zip(texts, parts).map { text, part in
            guard let (whole, fraction) = part else { return text }
            return String(repeating: " ", count: integerWidth - whole.count) + whole
                + fraction + String(repeating: " ", count: fractionWidth - fraction.count)
        }
    }

    /// One number in the style a lone scalar is printed.
    public static func format(_ x: Double, precision: Int = 4) -> String {
        var options = PrintOptions()
        options.precision = precision
        return alignedCells([x], options)[0]
    }
}
