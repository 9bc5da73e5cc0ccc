extension Finding {
    /// The finding with secrets removed from every text it carries.
    public func redacted(_ redactor: Redactor = .shared) -> Finding {
        var copy = self
        copy.matched = redactor.scrub(matched)
        copy.captures = captures.map { Capture(name: $0.name, value: redactor.scrub($0.value)) }
        copy.event.text = redactor.scrub(event.text)
        copy.event.user = event.user.map(redactor.scrub)
        copy.event.database = event.database.map(redactor.scrub)
        copy.event.application = event.application.map(redactor.scrub)
        copy.event.logger = event.logger.map(redactor.scrub)
        copy.context = context.map { line in
            var line = line
            line.text = redactor.scrub(line.text)
            line.captures = line.captures.map { Capture(name: $0.name, value: redactor.scrub($0.value)) }
            return line
        }
        return copy
    }
}
