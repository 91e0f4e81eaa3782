/// A half-open range of UTF-8 byte offsets into the source text: `start..<end`.
///
/// Line and column are never stored; the renderer computes them from the source
/// when (and only when) a diagnostic is shown.
public struct SourceSpan: Sendable, Equatable, Hashable {
    public var start: Int
    public var end: Int

    public init(_ start: Int, _ end: Int) {
        self.start = start
        self.end = max(start, end)
    }

    /// The smallest span covering both.
    public func to(_ other: SourceSpan) -> SourceSpan {
        SourceSpan(min(start, other.start), max(end, other.end))
    }

    /// Line and column (both 1-based, column counted in characters) of `start` in `source`.
    public func lineAndColumn(in source: String) -> (line: Int, column: Int) {
        var line = 1
        var lineStart = 0
        let bytes = Array(source.utf8)
        let limit = min(start, bytes.count)
        for i in 0..<limit where bytes[i] == UInt8(ascii: "\n") {
            line += 1
            lineStart = i + 1
        }
        let prefix = bytes[lineStart..<limit]
        let column = (String(decoding: prefix, as: UTF8.self).count) + 1
        return (line, column)
    }
}
