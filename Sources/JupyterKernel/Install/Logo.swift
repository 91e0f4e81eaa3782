import Foundation

/// The kernel's logo, drawn in code: an RNN unrolled in time — three cells
/// on a rounded tile, joined by the recurrent arrow that carries h from one
/// step to the next.
enum Logo {
    /// The logo as a PNG of `size × size` pixels (Jupyter wants 32 and 64).
    static func png(size: Int) -> Data? {
        let samples = 4  // 4×4 subpixels per pixel for smooth edges
        var rgba = [UInt8](repeating: 0, count: size * size * 4)
        for py in 0..<size {
            for px in 0..<size {
                var sum = (r: 0.0, g: 0.0, b: 0.0, a: 0.0)
                for sy in 0..<samples {
                    for sx in 0..<samples {
                        // Coordinates in the unit square, y downwards.
                        let x = (Double(px) + (Double(sx) + 0.5) / Double(samples)) / Double(size)
                        let y = (Double(py) + (Double(sy) + 0.5) / Double(samples)) / Double(size)
                        let c = color(x: x, y: y)
                        sum.r += c.r * c.a
                        sum.g += c.g * c.a
                        sum.b += c.b * c.a
                        sum.a += c.a
                    }
                }
                let n = Double(samples * samples)
                let alpha = sum.a / n
                let i = (py * size + px) * 4
                if alpha > 0 {
                    rgba[i] = UInt8((sum.r / sum.a * 255).rounded())
                    rgba[i + 1] = UInt8((sum.g / sum.a * 255).rounded())
                    rgba[i + 2] = UInt8((sum.b / sum.a * 255).rounded())
                }
                rgba[i + 3] = UInt8((alpha * 255).rounded())
            }
        }
        return PNGEncoder.encode(width: size, height: size, rgba: rgba)
    }

    private typealias RGBA = (r: Double, g: Double, b: Double, a: Double)
    private static let tile: RGBA = (0.0, 0.447, 0.698, 1)  // blue
    private static let cell: RGBA = (1, 1, 1, 1)
    private static let arrow: RGBA = (0.902, 0.624, 0.0, 1)  // orange
    private static let clear: RGBA = (0, 0, 0, 0)
    private static let centres = [0.22, 0.5, 0.78]

    /// The colour at a point of the unit square, front layer first.
    private static func color(x: Double, y: Double) -> RGBA {
        for cx in centres where hypot(x - cx, y - 0.55) <= 0.1 { return cell }
        // Arrows between the cells: a shaft and a head pointing right.
        for (from, to) in zip(centres, centres.dropFirst()) {
            let start = from + 0.1, end = to - 0.1
            if x >= start && x <= end - 0.05 && abs(y - 0.55) <= 0.025 { return arrow }
            if x > end - 0.06 && x <= end && abs(y - 0.55) <= (end - x) * 1.0 { return arrow }
        }
        // Input stubs below and output stubs above each cell.
        for cx in centres where abs(x - cx) <= 0.022 && ((y >= 0.68 && y <= 0.84) || (y >= 0.2 && y <= 0.42)) { return arrow }
        return insideRoundedSquare(x: x, y: y, inset: 0.04, radius: 0.16) ? tile : clear
    }

    private static func insideRoundedSquare(x: Double, y: Double, inset: Double, radius: Double) -> Bool {
        let low = inset + radius, high = 1 - inset - radius
        let dx = max(low - x, 0, x - high), dy = max(low - y, 0, y - high)
        return hypot(dx, dy) <= radius && x >= inset && x <= 1 - inset && y >= inset && y <= 1 - inset
    }
}
