import Foundation

extension Finding {
    /// The finding with secrets removed from every text it carries.
    public func redacted(_ redactor: Redactor = .shared) -> Finding {
        var memo = RedactionMemo()
        return redacted(redactor, memo: &memo)
    }

    /// The same, looking texts seen in earlier findings up in `memo` instead of scrubbing them again.
    public func redacted(_ redactor: Redactor, memo: inout RedactionMemo) -> Finding {
        var copy = self
        let scrub = FindingScrub(self, redactor: redactor, memo: &memo)
        copy.matched = scrub.part(matched, memo: &memo).applied(to: matched)
        copy.captures = captures.map { Capture(name: $0.name, value: scrub.part($0.value, memo: &memo).applied(to: $0.value)) }
        copy.event.text = scrub.eventText(memo: &memo).applied(to: event.text)
        copy.event.source = ControlCharacters.escaped(event.source)  // a file name may hold ESC too
        func other(_ text: String) -> String { scrub.other(text, memo: &memo).applied(to: text) }
        // A record's time and service are its fields as logged (a JSON record's `time` may hold anything), and a
        // frame's path and function are read from the log too.
        copy.event.timestamp = event.timestamp.map(other)
        copy.event.service = event.service.map(other)
        copy.event.user = event.user.map(other)
        copy.event.database = event.database.map(other)
        copy.event.application = event.application.map(other)
        copy.event.logger = event.logger.map(other)
        copy.frames = frames.map { frame in
            var frame = frame
            frame.file = other(frame.file)
            frame.function = frame.function.map(other)
            return frame
        }
        copy.context = context.map { line in
            var line = line
            line.text = other(line.text)
            line.timestamp = line.timestamp.map(other)
            line.service = line.service.map(other)
            line.captures = line.captures.map { Capture(name: $0.name, value: other($0.value)) }
            return line
        }
        return copy
    }
}

/// What a finding's event text, matched text and captures need before they are shown: `Finding.redacted`
/// applies it to a copy, `FindingJSONWriter` while it writes. Every other text that came from a log is
/// scrubbed whole.
///
/// When the event text holds no secret literal, neither do the matched text and the captures that are
/// part of it (nearly always: they are cut from it), so those only have their control characters escaped.
struct FindingScrub {
    /// The scrubbed text, or `controlsOnly`: the text as it is with control characters escaped.
    enum Text {
        case controlsOnly
        case scrubbed(String)

        func applied(to text: String) -> String {
            switch self {
            case .controlsOnly: return ControlCharacters.escaped(text)
            case .scrubbed(let scrubbed): return scrubbed
            }
        }
    }

    let redactor: Redactor
    private let eventText: String
    /// Whether the event text holds no secret literal.
    let clean: Bool

    init(_ finding: Finding, redactor: Redactor, memo: inout RedactionMemo) {
        self.init(finding, redactor: redactor, clean: memo.findsNoLiteral(in: finding.event.text, with: redactor))
    }

    /// With `clean` known already, from an earlier finding with the same event text.
    init(_ finding: Finding, redactor: Redactor, clean: Bool) {
        self.redactor = redactor
        eventText = finding.event.text
        self.clean = clean
    }

    func eventText(memo: inout RedactionMemo) -> Text {
        clean ? .controlsOnly : .scrubbed(memo.scrub(eventText, with: redactor))
    }

    /// The matched text or a capture value: one found in a clean event text holds no literal either, which is
    /// remembered for the next finding that hands out the same String.
    func part(_ text: String, memo: inout RedactionMemo) -> Text {
        if memo.isKnownClean(text) { return .controlsOnly }
        guard clean, ByteSearch.contains(eventText, text) else { return .scrubbed(memo.scrub(text, with: redactor)) }
        memo.rememberClean(text)
        return .controlsOnly
    }

    /// Any other text from a log: one with no secret literal only has its control characters escaped.
    func other(_ text: String, memo: inout RedactionMemo) -> Text {
        memo.findsNoLiteral(in: text, with: redactor) ? .controlsOnly : .scrubbed(memo.scrub(text, with: redactor))
    }
}
