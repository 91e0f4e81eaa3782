import Foundation

/// Turns a submission file's bytes into text with `\n` line endings, or says
/// why they are not text.
enum SubmissionText {
    enum Decoded: Equatable {
        case text(String)
        /// UTF-8 with some invalid bytes, replaced by U+FFFD.
        case repaired(String)
        case notText(String)
    }

    static func decode(_ data: Data) -> Decoded {
        let bytes = [UInt8](data)
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            return .notText("it is saved as UTF-16")
        }
        if bytes.contains(0) { return .notText("it holds bytes of value zero (NUL), as binary files do") }
        // Control characters other than tab, line breaks, form feed and escape.
        let controls = bytes.filter { ($0 < 0x20 && ![0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x1B].contains($0)) || $0 == 0x7F }.count
        if controls * 100 > bytes.count { return .notText("it is mostly control characters, as binary files are") }
        let body = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes
        let decoded = String(decoding: body, as: UTF8.self)
        let replaced = decoded.unicodeScalars.filter { $0 == "\u{FFFD}" }.count
        if replaced * 20 > max(decoded.unicodeScalars.count, 1) {
            return .notText("most of it is not UTF-8")
        }
        let text = normalizedLineEndings(decoded)
        let valid = String(bytes: body, encoding: .utf8) != nil
        return valid ? .text(text) : .repaired(text)
    }

    /// CRLF and lone CR become LF.
    static func normalizedLineEndings(_ text: String) -> String {
        guard text.unicodeScalars.contains("\r") else { return text }
        var scalars = String.UnicodeScalarView()
        var previousWasCR = false
        for scalar in text.unicodeScalars {
            if scalar == "\r" {
                scalars.append("\n")
                previousWasCR = true
                continue
            }
            if scalar == "\n" && previousWasCR {
                previousWasCR = false
                continue
            }
            previousWasCR = false
            scalars.append(scalar)
        }
        return String(scalars)
    }
}
