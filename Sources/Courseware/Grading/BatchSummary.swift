import Foundation

/// Names and the summary table for a folder of results: one `NAME.json` per
/// submission file and a `summary.csv` with exactly one row for each.
public enum BatchSummary {
    /// The result file for the submission file `name`: the whole name, made safe, then
    /// `.json`. Bytes other than letters, digits, `.`, `_` and `-` are written `%XX`
    /// (and so is `%`), so two different names never give the same
    /// result name. The first character is a letter, digit, `_` or `%`, never one that a
    /// shell or a spreadsheet would read specially. A name too long for the file system
    /// is cut and ends with a hash of the whole name.
    public static func resultFileName(for name: String) -> String {
        var safe = ""
        for (i, byte) in name.utf8.enumerated() {
            let alphanumeric = (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
            let plain = alphanumeric || byte == 0x5F || (i > 0 && (byte == 0x2D || byte == 0x2E))
            safe += plain ? String(UnicodeScalar(byte)) : String(format: "%%%02X", byte)
        }
        let limit = 240
        guard safe.utf8.count > limit else { return safe + ".json" }
        var cut = String(safe.prefix(200))
        if let percent = cut.lastIndex(of: "%"), cut.distance(from: percent, to: cut.endIndex) < 3 {
            cut = String(cut[..<percent])
        }
        return cut + "~" + String(format: "%016llx", fnv1a(name)) + ".json"
    }

    /// The header of `summary.csv`.
    public static let header = ["file", "result", "score", "max_score", "seconds", "seed", "problems"]

    /// One CSV line (with its line break) for the submission file `name`.
    public static func row(file name: String, report: GradeReport) -> String {
        let cells = [name, resultFileName(for: name), number(report.score), number(report.maxScore),
                     String(format: "%.3f", report.executionTime), report.seed.map(String.init) ?? "",
                     report.problems.joined(separator: "; ")]
        return line(cells)
    }

    /// Cells joined into one CSV line, each made safe by ``cell(_:)``.
    public static func line(_ cells: [String]) -> String {
        cells.map(cell).joined(separator: ",") + "\n"
    }

    /// A CSV cell that is always one quoted field on one line and never a formula:
    /// control characters are written `\n`, `\r`, `\t` or `\xHH` (and `\` as `\\`); a
    /// value that a spreadsheet would read as a formula (starting with `=`, `+`, `-`,
    /// `@`, a tab or a carriage return) gets a leading `'`; quotes are doubled.
    public static func cell(_ value: String) -> String {
        var text = ""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\\": text += "\\\\"
            case "\n": text += "\\n"
            case "\r": text += "\\r"
            case "\t": text += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F || (0x80...0x9F).contains(scalar.value)
                || scalar == "\u{2028}" || scalar == "\u{2029}":
                text += String(format: "\\x%02X", scalar.value)
            default: text.unicodeScalars.append(scalar)
            }
        }
        if let first = value.unicodeScalars.first, ["=", "+", "-", "@", "\t", "\r"].contains(first) {
            text = "'" + text
        }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    static func number(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : String(x)
    }

    /// FNV-1a, 64 bits: a stable hash of the name's bytes.
    static func fnv1a(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return hash
    }
}
