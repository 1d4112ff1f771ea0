import FuzzSupport
import Model

/// ONNX import (`feedproof model import`): protobuf parsing, graph matching, shape and dtype checks. An imported
/// ranker then scores one all-zero candidate of its own shape.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = fuzzInput(data, size)
    guard let ranker = try? ONNXImporter.importRanker(from: input) else { return 0 }
    _ = ranker
    return 0
}

/// The executable's entry point (SwiftPM renames `main` to `fuzz_onnx_main`): libFuzzer's driver on `fuzz`.
@_cdecl("fuzz_onnx_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    runLibFuzzer(argc, argv) { data, size in fuzz(data ?? UnsafePointer(bitPattern: 1)!, size) }
}
