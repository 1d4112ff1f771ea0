import Foundation

/// Why a fixture could not be read.
enum FixtureError: Error, CustomStringConvertible {
    /// No `Tests` folder above this source file.
    case testsFolderNotFound(String)
    /// A hex string with an odd number of digits or a non-hex character.
    case invalidHex(String)
    /// A JSON value was missing or had an unexpected type.
    case malformed(String)

    var description: String {
        switch self {
        case .testsFolderNotFound(let path): "no Tests folder above \(path)"
        case .invalidHex(let text): "invalid hex: \(text.prefix(80))"
        case .malformed(let what): "malformed fixture: \(what)"
        }
    }
}

/// The `Tests/Fixtures/vectors` folder, found by walking up from this file (never from the working directory).
func fixturesDirectory() throws -> URL {
    let thisFile = URL(fileURLWithPath: #filePath)
    var folder = thisFile.deletingLastPathComponent()
    while folder.path != "/" {
        if folder.lastPathComponent == "Tests" {
            return folder.appendingPathComponent("Fixtures").appendingPathComponent("vectors")
        }
        folder = folder.deletingLastPathComponent()
    }
    throw FixtureError.testsFolderNotFound(thisFile.path)
}

/// Parses the JSON fixture `name` (with or without `.json`) from `Tests/Fixtures/vectors` with JSONSerialization.
func loadFixture(_ name: String) throws -> Any {
    let fileName = name.hasSuffix(".json") ? name : name + ".json"
    let data = try Data(contentsOf: try fixturesDirectory().appendingPathComponent(fileName))
    return try JSONSerialization.jsonObject(with: data)
}

/// Reads `dictionary[key]` as a `T`, or throws naming the key.
func fixtureValue<T>(_ dictionary: Any, _ key: String, as type: T.Type = T.self) throws -> T {
    guard let object = dictionary as? [String: Any], let value = object[key] as? T else {
        throw FixtureError.malformed("missing or mistyped \"\(key)\" (expected \(T.self))")
    }
    return value
}

extension Array where Element == UInt8 {
    /// Decodes a hex string (either case, no prefix or separators); throws on odd length or a non-hex character.
    init(hex: String) throws {
        let digits = Array(hex.utf8)
        guard digits.count.isMultiple(of: 2) else { throw FixtureError.invalidHex(hex) }
        func nibble(_ digit: UInt8) throws -> UInt8 {
            switch digit {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
            default: throw FixtureError.invalidHex(hex)
            }
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        var index = 0
        while index < digits.count {
            bytes.append(try nibble(digits[index]) << 4 | nibble(digits[index + 1]))
            index += 2
        }
        self = bytes
    }

    /// Lowercase hex, for readable expectation failures.
    var hexString: String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(count * 2)
        for byte in self {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
