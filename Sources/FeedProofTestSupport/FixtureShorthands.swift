import Foundation

// Free-function spellings the known-answer tests were written with; each forwards to `Fixtures` or the hex
// helpers, so those tests read unchanged.

/// `Tests/Fixtures/vectors`; the same as ``Fixtures/vectorsDirectory(filePath:)``.
public func fixturesDirectory() throws(FixtureError) -> URL {
    try Fixtures.vectorsDirectory()
}

/// The parsed JSON fixture `name`; the same as ``Fixtures/load(_:)``.
public func loadFixture(_ name: String) throws -> Any {
    try Fixtures.load(name)
}

/// `object[key]` as a `T`; the same as ``Fixtures/value(_:_:as:)``.
public func fixtureValue<T>(_ object: Any, _ key: String, as type: T.Type = T.self) throws(FixtureError) -> T {
    try Fixtures.value(object, key, as: type)
}

/// The bytes spelled by a hex string; the same as `[UInt8](hex:)`.
public func bytes(fromHex hex: String) throws(FixtureError) -> [UInt8] {
    try [UInt8](hex: hex)
}

/// Lowercase hex of `bytes`; the same as `bytes.hexString`.
public func hexString(_ bytes: some Sequence<UInt8>) -> String {
    bytes.hexString
}
