import Crypto
import Foundation

/// Signs and verifies Jupyter messages with HMAC-SHA256.
///
/// The signature is the lowercase hex HMAC, keyed with the connection file's
/// `key` (its UTF-8 bytes), over the four serialised JSON frames in order:
/// header, parent header, metadata, content. Buffers are not signed.
/// An empty key means signing is switched off: the signature is the empty
/// string and every message is accepted.
public struct MessageSigner: Sendable {
    /// The key's bytes; `nil` when signing is off.
    private let keyBytes: Data?

    /// The signature schemes this kernel understands.
    public static let supportedSchemes = ["hmac-sha256"]

    public init(key: String) {
        keyBytes = key.isEmpty ? nil : Data(key.utf8)
    }

    /// Whether messages are signed at all (a non-empty key).
    public var isEnabled: Bool { keyBytes != nil }

    private var key: SymmetricKey? { keyBytes.map { SymmetricKey(data: $0) } }

    /// The hex signature of `parts`, or `""` when signing is off.
    public func signature(of parts: [Data]) -> String {
        guard let key else { return "" }
        var hmac = HMAC<SHA256>(key: key)
        for part in parts { hmac.update(data: part) }
        return Self.hex(Data(hmac.finalize()))
    }

    /// Whether `signature` is the right one for `parts`, compared in constant time.
    /// A missing (empty) or non-hex signature is wrong whenever a key is set.
    public func isValid(signature: String, for parts: [Data]) -> Bool {
        guard let key else { return true }
        guard let code = Self.bytes(fromHex: signature), code.count == SHA256.byteCount else { return false }
        var joined = Data()
        for part in parts { joined.append(part) }
        return HMAC<SHA256>.isValidAuthenticationCode(code, authenticating: joined, using: key)
    }

    static func hex(_ data: Data) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(data.count * 2)
        for byte in data {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes hex (either case); `nil` for odd length or a non-hex digit.
    static func bytes(fromHex text: String) -> Data? {
        let utf8 = Array(text.utf8)
        guard utf8.count % 2 == 0 else { return nil }
        var out = Data(capacity: utf8.count / 2)
        var i = 0
        while i < utf8.count {
            guard let high = nibble(utf8[i]), let low = nibble(utf8[i + 1]) else { return nil }
            out.append(high << 4 | low)
            i += 2
        }
        return out
    }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
