extension Finding {
    /// The finding with secrets removed from every text it carries.
    public func redacted(_ redactor: Redactor = .shared) -> Finding {
        var memo = RedactionMemo()
        return redacted(redactor, memo: &memo)
    }

    /// The same, looking texts seen in earlier findings up in `memo` instead of scrubbing them again.
    public func redacted(_ redactor: Redactor, memo: inout RedactionMemo) -> Finding {
        var copy = self
        copy.matched = memo.scrub(matched, with: redactor)
        copy.captures = captures.map { Capture(name: $0.name, value: memo.scrub($0.value, with: redactor)) }
        copy.event.text = memo.scrub(event.text, with: redactor)
        copy.event.user = event.user.map { memo.scrub($0, with: redactor) }
        copy.event.database = event.database.map { memo.scrub($0, with: redactor) }
        copy.event.application = event.application.map { memo.scrub($0, with: redactor) }
        copy.event.logger = event.logger.map { memo.scrub($0, with: redactor) }
        copy.context = context.map { line in
            var line = line
            line.text = memo.scrub(line.text, with: redactor)
            line.captures = line.captures.map { Capture(name: $0.name, value: memo.scrub($0.value, with: redactor)) }
            return line
        }
        return copy
    }
}
