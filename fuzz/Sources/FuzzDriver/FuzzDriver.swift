/// Hands a fuzz target to libFuzzer's driver. SwiftPM links an executable with `main` renamed to
/// `<Target>_main`, so each target's `<Target>_main` calls `runFuzzer` with its entry point.
public typealias FuzzEntry = @convention(c) (UnsafePointer<UInt8>, Int) -> CInt

@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: FuzzEntry
) -> CInt

public func runFuzzer(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?, _ entry: FuzzEntry) -> CInt {
    var count = argc
    var arguments = argv
    return runFuzzerDriver(&count, &arguments, entry)
}
