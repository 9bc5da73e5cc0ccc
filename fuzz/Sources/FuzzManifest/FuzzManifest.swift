import FuzzDriver
import LogMedic

/// libFuzzer entry point for the manifest reader: arbitrary text either is refused as a whole or
/// yields only entries that name a file inside a playbook folder with a 64-hex-digit sum.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    guard let entries = try? Manifest.parse(text, path: "fuzz") else { return 0 }
    for (name, sum) in entries {
        let parts = name.split(separator: "/", omittingEmptySubsequences: false)
        precondition(parts.count == 2 && !parts.contains("..") && !parts.contains(".") && !parts.contains(""), "unsafe name \(name)")
        precondition(sum.utf8.count == 64 && sum.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }, "bad sum \(sum)")
    }
    return 0
}

@_cdecl("FuzzManifest_main")
public func fuzzManifestMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, fuzz)
}
