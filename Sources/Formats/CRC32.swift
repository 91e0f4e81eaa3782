/// CRC-32 (IEEE 802.3, the zlib/PNG polynomial, reflected 0xEDB88320, initial
/// value and final xor 0xFFFFFFFF), table driven. `crc32("123456789") = 0xCBF43926`.
/// It detects every burst error up to 32 bits and any accidental corruption
/// with probability 1 − 2⁻³²; it is a checksum, not protection against tampering.
public enum CRC32 {
    private static let table: [UInt32] = (0..<256).map { n in
        var c = UInt32(n)
        for _ in 0..<8 { c = (c & 1) != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    /// The checksum of `bytes`.
    public static func checksum<Bytes: Sequence>(_ bytes: Bytes) -> UInt32 where Bytes.Element == UInt8 {
        var crc: UInt32 = 0xFFFF_FFFF
        for b in bytes { crc = table[Int((crc ^ UInt32(b)) & 0xFF)] ^ (crc >> 8) }
        return crc ^ 0xFFFF_FFFF
    }
}
