import CPCRE2

extension Regex {
    /// Replaces matches in `subject` with `replacement` through `pcre2_substitute` (`$1`, `${name}`
    /// refer to groups). Returns the new text and how many replacements were made.
    public func substitute(
        in subject: String, with replacement: String, global: Bool = true, scratch: MatchScratch
    ) throws(RegexError) -> (text: String, count: Int) {
        let input = Array(subject.utf8)
        let template = Array(replacement.utf8)
        var options = UInt32(PCRE2_SUBSTITUTE_OVERFLOW_LENGTH)
        if global { options |= UInt32(PCRE2_SUBSTITUTE_GLOBAL) }
        var capacity = input.count + input.count / 2 + 64
        while true {
            var output = [UInt8](repeating: 0, count: capacity)
            var length = capacity
            let rc = pcre2_substitute_8(
                code, input, input.count, 0, options, scratch.matchData, scratch.context,
                template, template.count, &output, &length)
            if rc >= 0 { return (String(decoding: output[0..<length], as: UTF8.self), Int(rc)) }
            if rc == PCRE2_ERROR_NOMEMORY, length > capacity { capacity = length; continue }
            throw MatchScratch.error(for: rc)
        }
    }
}
