import Foundation

/// Loads the known-answer vectors in `Tests/Fixtures/vectors`, found relative to this source file.
///
/// Kept small so it can move to a shared test-support library unchanged.
enum Fixtures {
    /// Errors while locating or reading a fixture.
    enum LoadError: Error, CustomStringConvertible {
        /// No `Tests` directory above this source file.
        case testsDirectoryNotFound(String)

        var description: String {
            switch self {
            case .testsDirectoryNotFound(let path): "no 'Tests' directory above \(path)"
            }
        }
    }

    /// `Tests/Fixtures/vectors`, found by walking up from this file to the enclosing `Tests` directory.
    static func vectorsDirectory(filePath: String = #filePath) throws -> URL {
        var directory = URL(fileURLWithPath: filePath).deletingLastPathComponent()
        while directory.lastPathComponent != "Tests" {
            let parent = directory.deletingLastPathComponent()
            guard parent.path != directory.path else { throw LoadError.testsDirectoryNotFound(filePath) }
            directory = parent
        }
        return directory.appendingPathComponent("Fixtures").appendingPathComponent("vectors")
    }

    /// Decodes the JSON vector file `name` (for example `"merlin.json"`), mapping snake_case keys to camelCase.
    static func load<Value: Decodable>(_ type: Value.Type, from name: String) throws -> Value {
        let data = try Data(contentsOf: vectorsDirectory().appendingPathComponent(name))
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(type, from: data)
    }
}

/// Errors of the hex helpers.
enum HexError: Error {
    /// An odd number of digits or a character that is not a hex digit.
    case malformed(String)
}

/// The bytes spelled by a hex string (upper or lower case, no separators).
func bytes(fromHex hex: String) throws -> [UInt8] {
    let digits = Array(hex.utf8)
    guard digits.count % 2 == 0 else { throw HexError.malformed(hex) }
    var result: [UInt8] = []
    result.reserveCapacity(digits.count / 2)
    for index in stride(from: 0, to: digits.count, by: 2) {
        guard let high = hexValue(digits[index]), let low = hexValue(digits[index + 1]) else {
            throw HexError.malformed(hex)
        }
        result.append(high << 4 | low)
    }
    return result
}

/// Lowercase hex of `bytes`.
func hexString(_ bytes: some Sequence<UInt8>) -> String {
    let digits = Array("0123456789abcdef".utf8)
    var result: [UInt8] = []
    for byte in bytes {
        result.append(digits[Int(byte >> 4)])
        result.append(digits[Int(byte & 0x0F)])
    }
    return String(decoding: result, as: UTF8.self)
}

private func hexValue(_ digit: UInt8) -> UInt8? {
    switch digit {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
    default: nil
    }
}
