import Foundation

/// The known-answer vectors in `Tests/Fixtures/vectors` (see its README for their provenance).
///
/// The folder is found by walking up from this source file's `#filePath` to the package root, never from the
/// working directory, so `swift test` finds it whatever folder it is started in.
public enum Fixtures {
    /// `Tests/Fixtures/vectors` of the package this file belongs to.
    ///
    /// - Parameter filePath: where to start the search; the default is this support file
    ///   (`Sources/FeedProofTestSupport/Fixtures.swift`), two folders below the package root.
    /// - Throws: ``FixtureError/vectorsFolderNotFound(searchedFrom:)`` when no folder above `filePath` holds
    ///   `Tests/Fixtures/vectors`.
    public static func vectorsDirectory(filePath: String = #filePath) throws(FixtureError) -> URL {
        var folder = URL(fileURLWithPath: filePath).deletingLastPathComponent()
        while true {
            let candidate = folder.appendingPathComponent("Tests/Fixtures/vectors", isDirectory: true)
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDirectory), isDirectory.boolValue
            {
                return candidate
            }
            let parent = folder.deletingLastPathComponent()
            guard parent.path != folder.path else { throw .vectorsFolderNotFound(searchedFrom: filePath) }
            folder = parent
        }
    }

    /// `Tests/Fixtures/onnx` of the package this file belongs to: the ONNX models and JSON sidecars that
    /// `scripts/make_onnx_fixtures.py` writes, found the same way as ``vectorsDirectory(filePath:)``.
    ///
    /// - Throws: ``FixtureError/malformed(_:)`` when no folder above `filePath` holds `Tests/Fixtures/onnx`.
    public static func onnxDirectory(filePath: String = #filePath) throws(FixtureError) -> URL {
        var folder = URL(fileURLWithPath: filePath).deletingLastPathComponent()
        while true {
            let candidate = folder.appendingPathComponent("Tests/Fixtures/onnx", isDirectory: true)
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDirectory), isDirectory.boolValue
            {
                return candidate
            }
            let parent = folder.deletingLastPathComponent()
            guard parent.path != folder.path else {
                throw .malformed("no Tests/Fixtures/onnx folder above \(filePath)")
            }
            folder = parent
        }
    }

    /// The inputs a fuzz harness of `Fuzz/` once crashed or failed on, kept as regression cases in
    /// `Tests/Fixtures/fuzz-regressions/<target>/` (`target` is the harness name without `fuzz-`): every file, sorted
    /// by name. Found like ``vectorsDirectory(filePath:)``; a missing folder is an error, so a renamed folder cannot
    /// silently empty a regression test.
    public static func fuzzRegressions(_ target: String, filePath: String = #filePath) throws -> [URL] {
        let folder = try vectorsDirectory(filePath: filePath).deletingLastPathComponent()
            .appendingPathComponent("fuzz-regressions", isDirectory: true)
            .appendingPathComponent(target, isDirectory: true)
        return try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .filter { !$0.lastPathComponent.hasPrefix(".") }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    /// The JSON fixture `name` (with or without `.json`), parsed with `JSONSerialization`: dictionaries,
    /// arrays, strings, numbers and booleans, to be read with ``value(_:_:as:)``.
    public static func load(_ name: String) throws -> Any {
        let data = try Data(contentsOf: try url(of: name))
        return try JSONSerialization.jsonObject(with: data)
    }

    /// The JSON fixture `name` decoded as `Value`, with snake_case keys mapped to camelCase properties.
    public static func load<Value: Decodable>(_ type: Value.Type, from name: String) throws -> Value {
        let data = try Data(contentsOf: try url(of: name))
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(type, from: data)
    }

    /// `object[key]` of a parsed JSON dictionary as a `T`.
    ///
    /// - Throws: ``FixtureError/malformed(_:)`` naming the key when `object` is not a dictionary, the key is
    ///   missing, or its value is not a `T`.
    public static func value<T>(_ object: Any, _ key: String, as type: T.Type = T.self) throws(FixtureError) -> T {
        guard let dictionary = object as? [String: Any], let value = dictionary[key] as? T else {
            throw .malformed("missing or mistyped \"\(key)\" (expected \(T.self))")
        }
        return value
    }

    private static func url(of name: String) throws(FixtureError) -> URL {
        let fileName = name.hasSuffix(".json") ? name : name + ".json"
        return try vectorsDirectory().appendingPathComponent(fileName)
    }
}
