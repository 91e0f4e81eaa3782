import Foundation

/// Reading JSON (RFC 8259), with numbers rounded correctly.
extension JSONValue {
    /// How deeply arrays and objects may nest; deeper input is refused rather than
    /// risking the stack.
    public static let maxDepth = 512

    /// Parses one complete JSON document.
    /// - Throws: ``JSONError`` naming what is wrong and the byte where it was found.
    public static func parse(_ bytes: [UInt8]) throws(JSONError) -> JSONValue {
        var parser = JSONParser(bytes: bytes)
        let value = try parser.value(depth: 0)
        parser.skipSpace()
        guard parser.at == bytes.count else { throw parser.error("unexpected text after the JSON value") }
        return value
    }

    public static func parse(_ data: Data) throws(JSONError) -> JSONValue { try parse([UInt8](data)) }

    public static func parse(_ text: String) throws(JSONError) -> JSONValue { try parse(Array(text.utf8)) }
}

/// A recursive-descent reader over UTF-8 bytes.
private struct JSONParser {
    let bytes: [UInt8]
    var at = 0

    func error(_ message: String) -> JSONError { JSONError(message, at: at) }

    mutating func skipSpace() {
        while at < bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[at]) { at += 1 }
    }

    mutating func expect(_ literal: String) throws(JSONError) {
        for b in literal.utf8 {
            guard at < bytes.count, bytes[at] == b else { throw error("expected '\(literal)'") }
            at += 1
        }
    }

    mutating func value(depth: Int) throws(JSONError) -> JSONValue {
        guard depth < JSONValue.maxDepth else { throw error("nesting is deeper than \(JSONValue.maxDepth) levels") }
        skipSpace()
        guard at < bytes.count else { throw error("unexpected end of input") }
        switch bytes[at] {
        case UInt8(ascii: "{"):
            at += 1
            var members: [String: JSONValue] = [:]
            skipSpace()
            if at < bytes.count, bytes[at] == UInt8(ascii: "}") { at += 1; return .object(members) }
            while true {
                skipSpace()
                let key = try string()
                skipSpace()
                try expect(":")
                members[key] = try value(depth: depth + 1)
                skipSpace()
                guard at < bytes.count else { throw error("unterminated object") }
                if bytes[at] == UInt8(ascii: ",") { at += 1; continue }
                try expect("}")
                return .object(members)
            }
        case UInt8(ascii: "["):
            at += 1
            var items: [JSONValue] = []
            skipSpace()
            if at < bytes.count, bytes[at] == UInt8(ascii: "]") { at += 1; return .array(items) }
            while true {
                items.append(try value(depth: depth + 1))
                skipSpace()
                guard at < bytes.count else { throw error("unterminated array") }
                if bytes[at] == UInt8(ascii: ",") { at += 1; continue }
                try expect("]")
                return .array(items)
            }
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try expect("true"); return .bool(true)
        case UInt8(ascii: "f"): try expect("false"); return .bool(false)
        case UInt8(ascii: "n"): try expect("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
        default:
            if bytes[at...].starts(with: "NaN".utf8) || bytes[at...].starts(with: "Infinity".utf8) {
                throw error("NaN and Infinity are not JSON (write them as the strings \"NaN\" and \"Infinity\")")
            }
            throw error("unexpected character '\(Unicode.Scalar(bytes[at]))'")
        }
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`, as JSON's grammar has it.
    mutating func number() throws(JSONError) -> JSONValue {
        let start = at
        func digits() -> Int {
            let first = at
            while at < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[at]) { at += 1 }
            return at - first
        }
        if bytes[at] == UInt8(ascii: "-") { at += 1 }
        if at < bytes.count, bytes[at] == UInt8(ascii: "-") || bytes[at...].starts(with: "Infinity".utf8) {
            throw error("-Infinity is not JSON (write it as the string \"-Infinity\")")
        }
        let integerStart = at
        guard digits() > 0 else { throw error("malformed number") }
        guard bytes[integerStart] != UInt8(ascii: "0") || at - integerStart == 1 else { throw error("a number cannot start with 0") }
        var integral = true
        if at < bytes.count, bytes[at] == UInt8(ascii: ".") {
            at += 1
            integral = false
            guard digits() > 0 else { throw error("malformed number: digits must follow '.'") }
        }
        if at < bytes.count, bytes[at] == UInt8(ascii: "e") || bytes[at] == UInt8(ascii: "E") {
            at += 1
            integral = false
            if at < bytes.count, bytes[at] == UInt8(ascii: "+") || bytes[at] == UInt8(ascii: "-") { at += 1 }
            guard digits() > 0 else { throw error("malformed number: digits must follow the exponent") }
        }
        let text = String(decoding: bytes[start..<at], as: UTF8.self)
        if integral, let i = Int(text) { return .int(i) }
        // Double(String) rounds correctly, so shortest round-trip digits come back bit for bit.
        guard let x = Double(text) else { throw error("malformed number") }
        return .double(x)
    }

    mutating func string() throws(JSONError) -> String {
        try expect("\"")
        var scalars = String.UnicodeScalarView()
        var run = at
        func flush(_ end: Int) { scalars.append(contentsOf: String(decoding: bytes[run..<end], as: UTF8.self).unicodeScalars) }
        while at < bytes.count {
            let b = bytes[at]
            if b == UInt8(ascii: "\"") { flush(at); at += 1; return String(scalars) }
            if b < 0x20 { throw error("a control character must be escaped inside a string") }
            if b == UInt8(ascii: "\\") {
                flush(at)
                at += 1
                guard at < bytes.count else { break }
                let escape = bytes[at]
                at += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): scalars.append(Unicode.Scalar(escape))
                case UInt8(ascii: "n"): scalars.append("\n")
                case UInt8(ascii: "t"): scalars.append("\t")
                case UInt8(ascii: "r"): scalars.append("\r")
                case UInt8(ascii: "b"): scalars.append("\u{08}")
                case UInt8(ascii: "f"): scalars.append("\u{0C}")
                case UInt8(ascii: "u"):
                    var code = try hex4()
                    if (0xD800..<0xDC00).contains(code) {  // a surrogate pair
                        try expect("\\u")
                        let low = try hex4()
                        guard (0xDC00..<0xE000).contains(low) else { throw error("unpaired surrogate") }
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let s = Unicode.Scalar(code) else { throw error("invalid \\u escape") }
                    scalars.append(s)
                default: throw error("unknown escape '\\\(Unicode.Scalar(escape))'")
                }
                run = at
                continue
            }
            at += 1
        }
        throw error("unterminated string")
    }

    mutating func hex4() throws(JSONError) -> UInt32 {
        guard at + 4 <= bytes.count, let v = UInt32(String(decoding: bytes[at..<at + 4], as: UTF8.self), radix: 16) else {
            throw error("malformed \\u escape")
        }
        at += 4
        return v
    }
}
