import FuzzDriver
import LogMedic

/// libFuzzer entry point for the redactor: arbitrary text around a planted secret. The secret never
/// survives, and scrubbed text holds no terminal control characters.
let planted = "zq9PLANTEDzq9"

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    precondition(Redactor.shared.failure == nil, "secret table not loaded: \(Redactor.shared.failure ?? "")")
    let scrubbed = Redactor.shared.scrub(text)
    precondition(!scrubbed.unicodeScalars.contains { ($0.value < 0x20 && $0 != "\n" && $0 != "\t") || (0x7F...0x9F).contains($0.value) },
                 "a control character survived scrubbing")
    for form in ["password=\(planted)", "postgresql://app:\(planted)@db/app", "Cookie: s=\(planted)"] {
        let out = Redactor.shared.redact(text + "\n" + form + " " + text)
        precondition(!out.contains(planted), "planted secret survived in: \(form)")
    }
    return 0
}

@_cdecl("FuzzRedact_main")
public func fuzzRedactMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, fuzz)
}
