extension Finding {
    /// The finding with secrets removed from every text it carries.
    public func redacted(_ redactor: Redactor = .shared) -> Finding {
        var copy = self
        copy.matched = redactor.redact(matched)
        copy.captures = captures.map { Capture(name: $0.name, value: redactor.redact($0.value)) }
        copy.event.text = redactor.redact(event.text)
        copy.context = context.map { line in
            var line = line
            line.text = redactor.redact(line.text)
            line.captures = line.captures.map { Capture(name: $0.name, value: redactor.redact($0.value)) }
            return line
        }
        return copy
    }
}
