import CPCRE2
import Synchronization

/// A compiled, JIT-optimised PCRE2 pattern, shared across threads (PCRE2 allows concurrent matching on
/// one code object); per-thread state lives in `MatchScratch`.
///
/// The JIT compiles a pattern on its first use, not at load: a catalog holds hundreds of patterns and
/// a log reaches a few, and compiling them all was a tenth of every run's start. Every use of `code`
/// waits for that compilation, so no match runs while the JIT writes into the code object.
public final class Regex: @unchecked Sendable {
    public let pattern: String
    /// Capture group names by group number (index 0 is the whole match and has no name).
    public let groupNames: [String?]
    private let isUTF: Bool
    /// `JIT.pending` until first use, then `compiled` or `failed`.
    private let jit = Atomic<UInt8>(JIT.pending)
    private let compiling = Mutex<Void>(())
    private let compiledCode: OpaquePointer

    private enum JIT {
        static let pending: UInt8 = 0, compiled: UInt8 = 1, failed: UInt8 = 2
    }
    /// The groups that have a name, in group order.
    let namedGroups: [(group: Int, name: String)]
    /// Whether two groups share a name ((?J) or alternations), so that captures must drop repeats.
    let reusesNames: Bool

    public static let defaultOptions = UInt32(PCRE2_MULTILINE)
    /// Also takes an offset limit (`MatchScratch.firstMatch(_:in:from:limit:)`).
    public static let windowedOptions = defaultOptions | UInt32(PCRE2_USE_OFFSET_LIMIT)

    public init(_ pattern: String, options: UInt32 = Regex.defaultOptions) throws {
        var errorCode: Int32 = 0
        var errorOffset = 0
        let bytes = Array(pattern.utf8)
        guard let code = pcre2_compile_8(bytes, bytes.count, options, &errorCode, &errorOffset, nil) else {
            throw RegexError.compile(pattern: pattern, offset: errorOffset, message: Regex.message(for: errorCode))
        }
        self.compiledCode = code
        self.pattern = pattern
        self.groupNames = Regex.readGroupNames(code)
        var allOptions: UInt32 = 0
        pcre2_pattern_info_8(code, UInt32(PCRE2_INFO_ALLOPTIONS), &allOptions)
        isUTF = allOptions & UInt32(PCRE2_UTF) != 0
        namedGroups = groupNames.enumerated().compactMap { group, name in name.map { (group, $0) } }
        reusesNames = Set(namedGroups.map(\.name)).count < namedGroups.count
    }

    deinit { pcre2_code_free_8(compiledCode) }

    /// The code object, JIT-compiled (or tried) before it is handed out.
    @inline(__always)
    var code: OpaquePointer {
        if jit.load(ordering: .acquiring) == JIT.pending { compileJIT() }
        return compiledCode
    }

    public var isJITCompiled: Bool { _ = code; return jit.load(ordering: .acquiring) == JIT.compiled }

    /// Whether matching may enter the JIT directly: compiled by it, and not a UTF pattern, whose
    /// subjects only the full `pcre2_match` checks for valid UTF-8.
    @inline(__always)
    var takesJITFastPath: Bool { isJITCompiled && !isUTF }

    @inline(never)
    private func compileJIT() {
        compiling.withLock { _ in
            guard jit.load(ordering: .acquiring) == JIT.pending else { return }
            let compiled = pcre2_jit_compile_8(compiledCode, UInt32(PCRE2_JIT_COMPLETE)) == 0
            jit.store(compiled ? JIT.compiled : JIT.failed, ordering: .releasing)
        }
    }

    public var captureCount: Int { groupNames.count - 1 }

    static func message(for code: Int32) -> String {
        var buffer = [UInt8](repeating: 0, count: 256)
        let length = pcre2_get_error_message_8(code, &buffer, buffer.count)
        return length > 0 ? String(decoding: buffer[0..<Int(length)], as: UTF8.self) : "PCRE2 error \(code)"
    }

    private static func readGroupNames(_ code: OpaquePointer) -> [String?] {
        var captureCount: UInt32 = 0
        var nameCount: UInt32 = 0
        var entrySize: UInt32 = 0
        var table: UnsafePointer<UInt8>?
        pcre2_pattern_info_8(code, UInt32(PCRE2_INFO_CAPTURECOUNT), &captureCount)
        pcre2_pattern_info_8(code, UInt32(PCRE2_INFO_NAMECOUNT), &nameCount)
        pcre2_pattern_info_8(code, UInt32(PCRE2_INFO_NAMEENTRYSIZE), &entrySize)
        pcre2_pattern_info_8(code, UInt32(PCRE2_INFO_NAMETABLE), &table)
        var names = [String?](repeating: nil, count: Int(captureCount) + 1)
        guard let table else { return names }
        for entry in 0..<Int(nameCount) {
            // Each entry: a big-endian group number, then the NUL-terminated name.
            let base = table + entry * Int(entrySize)
            let group = Int(base[0]) << 8 | Int(base[1])
            names[group] = String(cString: base + 2)
        }
        return names
    }
}
