extension Array where Element == UInt8 {
    /// Decodes a hex string: either case, no `0x` prefix, no separators.
    ///
    /// - Throws: ``FixtureError/invalidHex(_:)`` on an odd number of digits or a character that is not a hex digit.
    public init(hex: String) throws(FixtureError) {
        let digits = Array(hex.utf8)
        guard digits.count.isMultiple(of: 2) else { throw .invalidHex(hex) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        var index = 0
        while index < digits.count {
            guard let high = hexDigitValue(digits[index]), let low = hexDigitValue(digits[index + 1]) else {
                throw .invalidHex(hex)
            }
            bytes.append(high << 4 | low)
            index += 2
        }
        self = bytes
    }
}

extension Sequence where Element == UInt8 {
    /// Lowercase hex of the bytes in order, for readable expectation failures.
    public var hexString: String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(underestimatedCount * 2)
        for byte in self {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}

/// The value of one ASCII hex digit, or `nil`.
private func hexDigitValue(_ digit: UInt8) -> UInt8? {
    switch digit {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
    default: nil
    }
}
