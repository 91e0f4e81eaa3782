import Foundation

extension StringProtocol {
    /// The text without leading and trailing white space and newlines — what
    /// `trimmingCharacters(in: .whitespacesAndNewlines)` gives — found by looking only at
    /// the two ends. Every line of a script and every cell is tested for being a command
    /// (`:name`, `name?`, `exit`); Foundation's version copies the whole text first, which
    /// for a script holding 100 kB of training text on one line cost a tenth of a second.
    var trimmedOfWhitespace: SubSequence {
        let scalars = unicodeScalars
        var start = scalars.startIndex, end = scalars.endIndex
        while start < end, CharacterSet.whitespacesAndNewlines.contains(scalars[start]) { scalars.formIndex(after: &start) }
        while start < end {
            let last = scalars.index(before: end)
            guard CharacterSet.whitespacesAndNewlines.contains(scalars[last]) else { break }
            end = last
        }
        return self[start..<end]
    }
}
