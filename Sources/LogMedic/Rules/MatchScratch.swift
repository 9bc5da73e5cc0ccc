import CPCRE2

/// Per-thread matching state: match data, a match context with explicit limits, and a JIT stack.
/// Creating these is costly, so a scanner makes one and reuses it for every match.
public final class MatchScratch {
    public struct Limits: Sendable {
        public var matchLimit: UInt32 = 1_000_000
        public var depthLimit: UInt32 = 10_000
        public var heapLimitKiB: UInt32 = 20_000
        public var jitStackBytes = 1 << 20
        public init() {}
    }

    let matchData: OpaquePointer
    let context: OpaquePointer
    /// `context` with an offset limit, for patterns compiled with `Regex.windowedOptions` (PCRE2 refuses a
    /// limit to any other).
    let limitedContext: OpaquePointer
    let jitStack: OpaquePointer?
    private let ovector: UnsafePointer<Int>
    private let pairCount: Int
    // Mutated per match: release builds skip the runtime exclusivity check (a call pair per event), as
    // `Scanner` does for its state; debug builds (the tests) keep checking. A scratch serves one thread.
    #if DEBUG
    var recentCaptures = RecentCaptures()
    #else
    @exclusivity(unchecked) var recentCaptures = RecentCaptures()
    #endif

    public init(maxCaptureCount: Int = 64, limits: Limits = Limits()) {
        matchData = pcre2_match_data_create_8(UInt32(maxCaptureCount + 1), nil)!
        ovector = UnsafePointer(pcre2_get_ovector_pointer_8(matchData)!)
        pairCount = Int(pcre2_get_ovector_count_8(matchData))
        context = pcre2_match_context_create_8(nil)!
        pcre2_set_match_limit_8(context, limits.matchLimit)
        pcre2_set_depth_limit_8(context, limits.depthLimit)
        pcre2_set_heap_limit_8(context, limits.heapLimitKiB)
        jitStack = pcre2_jit_stack_create_8(32 * 1024, limits.jitStackBytes, nil)
        if let jitStack { pcre2_jit_stack_assign_8(context, nil, UnsafeMutableRawPointer(jitStack)) }
        limitedContext = pcre2_match_context_copy_8(context)!
    }

    deinit {
        pcre2_match_data_free_8(matchData)
        pcre2_match_context_free_8(context)
        pcre2_match_context_free_8(limitedContext)
        if let jitStack { pcre2_jit_stack_free_8(jitStack) }
    }

    /// The groups of the last successful match, read straight from the match data: valid until the
    /// scratch matches again.
    public struct Groups {
        let ovector: UnsafePointer<Int>
        /// Groups past this one were not set by the match (their offsets may be stale).
        let setCount: Int

        /// The byte range of `group`, or nil when it did not take part in the match.
        @inline(__always)
        public subscript(group: Int) -> Range<Int>? {
            guard group < setCount else { return nil }
            let lower = ovector[2 * group], upper = ovector[2 * group + 1]
            // PCRE2_UNSET is SIZE_MAX, which Swift sees as -1.
            return lower >= 0 && upper >= lower ? lower..<upper : nil
        }

        public var range: Range<Int> { self[0]! }
    }

    /// Matches `regex` against `subject` from `start` without allocating: nil when there is no match.
    /// With a `limit`, only a match that begins at or before that offset is looked for (the regex must be
    /// compiled with `Regex.windowedOptions`). Limits surface as thrown errors.
    public func firstMatch(
        _ regex: Regex, in subject: UnsafeRawBufferPointer, from start: Int = 0, limit: Int? = nil
    ) throws(RegexError) -> Groups? {
        var matchContext = context
        if let limit {
            pcre2_set_offset_limit_8(limitedContext, limit)
            matchContext = limitedContext
        }
        var empty: UInt8 = 0
        let rc = withUnsafePointer(to: &empty) { emptyPointer in
            let base = subject.baseAddress?.assumingMemoryBound(to: UInt8.self) ?? emptyPointer
            // The JIT entry skips checks that only matter for UTF patterns and bad offsets.
            return regex.takesJITFastPath && start <= subject.count
                ? pcre2_jit_match_8(regex.code, base, subject.count, start, 0, matchData, matchContext)
                : pcre2_match_8(regex.code, base, subject.count, start, 0, matchData, matchContext)
        }
        if rc == PCRE2_ERROR_NOMATCH { return nil }
        guard rc >= 0 else { throw Self.error(for: rc) }
        // Only the first `rc` pairs are set by this match (0: more groups than the match data holds).
        let set = min(regex.captureCount + 1, pairCount, rc == 0 ? pairCount : Int(rc))
        return Groups(ovector: ovector, setCount: set)
    }

    /// Matches `regex` against `subject` from `start`. Returns the byte ranges of each group
    /// (nil for unset groups), or nil when there is no match. Limits surface as thrown errors.
    public func match(
        _ regex: Regex, in subject: UnsafeRawBufferPointer, from start: Int = 0
    ) throws(RegexError) -> [Range<Int>?]? {
        guard let groups = try firstMatch(regex, in: subject, from: start) else { return nil }
        return (0...regex.captureCount).map { groups[$0] }
    }

    static func error(for rc: Int32) -> RegexError {
        switch rc {
        case PCRE2_ERROR_MATCHLIMIT: return .matchLimit
        case PCRE2_ERROR_DEPTHLIMIT: return .depthLimit
        case PCRE2_ERROR_HEAPLIMIT: return .heapLimit
        default: return .matchFailed(code: rc, message: Regex.message(for: rc))
        }
    }
}
