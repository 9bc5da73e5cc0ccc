import Foundation

/// Scans one input at a time: lines → candidate filter → event assembly → rules → findings.
///
/// The hot path is the per-line loop in `scan(_:)`: a line that contains no prefilter literal and
/// continues no open event costs a few word-sized checks, one literal probe and a copy into the
/// context ring, and is never decoded, converted to a String or allocated for. One scanner per thread.
public final class Scanner {
    let catalog: CompiledCatalog
    let scratch: MatchScratch
    let reader: LineReader
    // Touched several times per line. A scanner is confined to one thread and its methods never make
    // two overlapping accesses to one of these, which debug builds (the tests) keep checking; release
    // builds skip the runtime exclusivity check, four calls per line.
    #if DEBUG
    var assembler = EventAssembler()
    var ring = ContextRing()
    var stats = ScanStats()
    var outcomes: EventOutcomeMemo
    var recentTexts = RecentTexts()
    var findingsByRule: [Int]
    var splitParts = SplitLineParts()
    var idleClosedRules: [Int]?
    var reportedRules: [Int] = []
    var specialLineGate = SplitLineParts.gateBytes
    public var keepsMatchedText = true
    public var control: LiveControl?
    public var timeline: RequestTimeline?
    #else
    @exclusivity(unchecked) var assembler = EventAssembler()
    @exclusivity(unchecked) var ring = ContextRing()
    @exclusivity(unchecked) var stats = ScanStats()
    @exclusivity(unchecked) var outcomes: EventOutcomeMemo
    @exclusivity(unchecked) var recentTexts = RecentTexts()
    /// Findings per rule index, moved into `stats` when a scan ends: hashing a rule id per finding
    /// showed up in storms.
    @exclusivity(unchecked) var findingsByRule: [Int]
    /// Docker json-file or CRI records of one long line, waiting for its last part.
    @exclusivity(unchecked) var splitParts = SplitLineParts()
    /// The rules an event closed by a quiet live input was reported under, while its next line may still
    /// continue it (a writer that stalled inside a traceback): nil otherwise.
    @exclusivity(unchecked) var idleClosedRules: [Int]?
    /// The rules already reported for the event being finished, which its late lines resumed.
    @exclusivity(unchecked) var reportedRules: [Int] = []
    @exclusivity(unchecked) var specialLineGate = SplitLineParts.gateBytes
    // Set before a scan, read per finding or per line: public, so unchecked here or checked at run time.
    /// False when findings are only grouped: groups never show a finding's matched text, and building a
    /// String of it per finding is an allocation and a UTF-8 check.
    @exclusivity(unchecked) public var keepsMatchedText = true
    /// Set for live inputs: quiet inputs close their open event, and a stop request ends the scan.
    @exclusivity(unchecked) public var control: LiveControl?
    /// When set, every request line (a context rule's match with an instant) of every input is kept
    /// here, so that problems can be tied to requests logged in other inputs.
    @exclusivity(unchecked) public var timeline: RequestTimeline?
    #endif
    let prefixMemo = ServerPrefixMemo()
    /// What each finding (and context line) takes from its rule, in this scanner's own copies (`String.unshared`).
    let ruleLabels: [RuleLabel]
    /// Whether some rule follows its session's error or another finding of its session (`SessionFindings`).
    let tracksSessionErrors: Bool
    @exclusivity(unchecked) var sessionErrors = SessionFindings()
    /// Per session, the last finding of a rule some rule names in `session_caused_by` (a lock wait).
    @exclusivity(unchecked) var sessionCauses = SessionFindings()
    /// The input's name, in this scanner's own copy like `ruleLabels`.
    var sourceName = ""
    /// Whether the line screened last holds an error level's word or a stack frame's (`ErrorWords`).
    @exclusivity(unchecked) private var lineHoldsErrorWord = false
    /// Whether the open (or last) event's first line was a JSON record, whose level alone makes no error.
    private var eventOpenedByJSON = false
    /// The latest line counted by `noteErrorLine`, and its kind's index, until the next line that opens an event.
    private var countedErrorLine: (line: Int, kind: Int?)?
    /// The last line `noteErrorLine` found a stack's frame: a frame just after it is not a stack's first, and is not
    /// looked back from (an unmatched Java stack is hundreds of frames).
    private var lastFrameLine = -1
    /// An event's or a line's last line, where it starts and its instant.
    struct Dated {
        var line: Int
        let start: Int
        let epoch: Double
    }
    /// The last failure this input reported (see `answered`).
    var lastFailure: Dated?
    /// Server errors logged without a clock, until their app-logged twin comes or they are due.
    @exclusivity(unchecked) var heldResponses = HeldResponses()
    /// Where the line being processed starts in its source (for a range: in the file).
    @exclusivity(unchecked) var lineStart = 0
    /// Where the line that opened the event being assembled starts.
    @exclusivity(unchecked) var eventStart = 0
    /// The line that closed an error record held back for its repeat (`holdsForRepeat`), and whether a root cause's
    /// stack is awaited (else an ASP.NET middleware's record); nil when none is.
    var heldBy: (line: Int, rootCause: Bool)?
    /// The input's latest event with an instant of its own, the latest dated plain line `dateTimeOfDay` found in the
    /// context ring and the last line number it looked through: a time of day alone takes the nearer one's date.
    var lastDatedEvent: Dated?
    var lastDatedLine: Dated?
    var datedSearchedThrough = 0
    /// Forgets what the input's recent lines left: the context ring, the last failure and the last dated lines.
    func forgetRecentLines() {
        ring.removeAll()
        sessionErrors.forget()
        sessionCauses.forget()
        lastFailure = nil
        lastDatedEvent = nil; lastDatedLine = nil; datedSearchedThrough = 0
    }

    /// Numbers what the recent lines left `by` lines later (a range's warm-up lines counted from 1).
    func renumberRecentLines(by shift: Int) {
        ring.renumber(by: shift)
        lastFailure?.line += shift
        lastDatedEvent?.line += shift
        lastDatedLine?.line += shift
        if datedSearchedThrough > 0 { datedSearchedThrough += shift }
    }

    /// Set while the lines before a range are read for their state only (`boundary(near:in:)`).
    var warmingUp = false
    /// After a range scan that read to its end: the newlines from the range's start to its end as given
    /// (`range.end`), which later ranges number their lines after. Nil otherwise.
    var rangeNewlines: Int?
    /// What those lines are read into, kept from one range to the next.
    var warmUpBuffer: [UInt8] = []

    public init(catalog: CompiledCatalog, maxLineLength: Int = 1 << 20) {
        self.catalog = catalog
        scratch = MatchScratch(maxCaptureCount: catalog.maxCaptureCount)
        outcomes = EventOutcomeMemo(classHoldsNoDigitPiece: catalog.digitPieces.areAbsent(fromKey:))
        reader = LineReader(maxLineLength: maxLineLength)
        findingsByRule = Array(repeating: 0, count: catalog.rules.count)
        let causes = Set(catalog.rules.flatMap { $0.sessionCausedBy ?? [] })
        ruleLabels = catalog.rules.map { rule in
            RuleLabel(id: rule.id.unshared, title: rule.title.unshared, severity: rule.severity, category: rule.category.unshared,
                      followsSessionError: rule.cause == .previousSessionError,
                      sessionCauses: (rule.sessionCausedBy ?? []).compactMap { id in catalog.rules.firstIndex { $0.id == id } },
                      isSessionCause: causes.contains(rule.id))
        }
        tracksSessionErrors = ruleLabels.contains { $0.followsSessionError || !$0.sessionCauses.isEmpty }
    }

    /// Scans the file at `path` (`-` for stdin, gzip detected); never throws: unreadable or damaged
    /// inputs are recorded in the returned stats, and findings before the damage are kept.
    public func scan(path: String, onFinding: (Finding) -> Void) -> ScanStats {
        do {
            let input = try InputFile(path: path, control: control)
            var source = input.source
            return scan(&source, onFinding: onFinding)
        } catch {
            var stats = ScanStats()
            stats.ingest.sources = 1
            stats.ingest.failedSources = 1
            stats.inputErrors.append(String(describing: error))
            return stats
        }
    }

    /// Scans an already open source, such as bytes in memory.
    public func scan(_ source: inout some ByteSource, onFinding: (Finding) -> Void) -> ScanStats {
        resetStats()
        stats.ingest.sources = 1
        sourceName = source.name.unshared
        assembler.forget()
        forgetRecentLines()
        idleClosedRules = nil
        reportedRules = []
        heldBy = nil
        splitParts = SplitLineParts()
        updateSpecialLineGate()
        do {
            try reader.forEachLine(of: &source, control: control, onIdle: {
                self.flushSplitLineParts(onFinding)
                self.reportHeldEvent(onFinding)
                self.updateSpecialLineGate()
                guard self.assembler.isOpen else { return }
                var rules = self.reportedRules
                self.finishEvent { finding in
                    if let rule = self.catalog.rules.firstIndex(where: { $0.id == finding.ruleID }) { rules.append(rule) }
                    onFinding(finding)
                }
                self.idleClosedRules = rules
                self.updateSpecialLineGate()
            }) { line, number, flags in
                self.lineStart = self.reader.lineOffset
                self.process(line, number, flags, onFinding)
            }
        } catch {
            stats.ingest.failedSources = 1
            stats.inputErrors.append(String(describing: error))
        }
        flushSplitLineParts(onFinding)
        reportHeldEvent(onFinding)
        if assembler.isOpen { finishEvent(onFinding) }
        return finishedStats()
    }

    /// Starts the totals of a new scan.
    func resetStats() {
        stats = ScanStats()
        countedErrorLine = nil
        lastFrameLine = -1
        for rule in findingsByRule.indices { findingsByRule[rule] = 0 }
    }

    /// The totals of the scan that just ended, with the per-rule finding counts moved in.
    func finishedStats() -> ScanStats {
        if let timeline { heldResponses.release().forEach(timeline.add) }
        for (rule, count) in findingsByRule.enumerated() where count > 0 {
            stats.findingsByRule[catalog.rules[rule].id, default: 0] += count
            findingsByRule[rule] = 0
        }
        return stats
    }

    @inline(__always)
    func process(_ line: UnsafeRawBufferPointer, _ number: Int, _ flags: LineReader.LineFlags, _ onFinding: (Finding) -> Void) {
        // One comparison per line: only a line longer than a container runtime's buffer (a part of a longer
        // line), or any line while parts or an event closed by a quiet input wait, goes the long way.
        if line.count > specialLineGate { return processSpecial(line, number, flags, onFinding) }
        processLine(line, number, flags, onFinding)
    }

    /// What the next line is compared with in `process`: -1 while Docker parts, an event closed by a
    /// quiet input or a held event (`holdsForRepeat`) wait for it.
    func updateSpecialLineGate() {
        specialLineGate = idleClosedRules != nil || heldBy != nil || !splitParts.isEmpty ? -1 : SplitLineParts.gateBytes
    }

    @inline(never)
    func processSpecial(_ line: UnsafeRawBufferPointer, _ number: Int, _ flags: LineReader.LineFlags, _ onFinding: (Finding) -> Void) {
        defer { updateSpecialLineGate() }
        if let held = heldBy, number > held.line + Self.recordHeadLines { reportHeldEvent(onFinding) }
        if let rules = idleClosedRules {
            idleClosedRules = nil
            if !assembler.isOpen, resume(line, number: number, reported: rules, onFinding) {
                stats.ingest.lines += 1
                stats.ingest.bytes += line.count + 1 + (flags.contains(.crlf) ? 1 : 0)
                return
            }
        }
        if line.count > SplitLineParts.gateBytes || !splitParts.isEmpty,
           splitParts.take(line, number: number, flags: flags, flush: { processLine($0, $1, [], onFinding) },
                            joined: { joined, first, parts, rawBytes in
               processLine(joined, first, flags, onFinding)
               stats.ingest.lines += parts - 1
               stats.ingest.bytes += rawBytes - (joined.count + 1)
           }) { return }
        processLine(line, number, flags, onFinding)
    }

    /// The parts of a line kept back so far, joined, as one line.
    func flushSplitLineParts(_ onFinding: (Finding) -> Void) {
        splitParts.flush { processLine($0, $1, [], onFinding) }
    }

    @inline(__always)
    func processLine(_ line: UnsafeRawBufferPointer, _ number: Int, _ flags: LineReader.LineFlags, _ onFinding: (Finding) -> Void) {
        stats.ingest.lines += 1
        stats.ingest.bytes += line.count + 1 + (flags.contains(.crlf) ? 1 : 0)
        if !flags.isEmpty {
            if flags.contains(.crlf) { stats.ingest.crlfLines += 1 }
            if flags.contains(.carriageReturn) { stats.ingest.carriageReturnLines += 1 }
            if flags.contains(.truncated) { stats.ingest.truncatedLines += 1 }
        }
        let checks = ByteChecks.scan(line)
        if checks.hasNUL { stats.ingest.nulLines += 1 }
        if checks.hasHighBit, !ByteChecks.isValidUTF8(line) { stats.ingest.invalidUTF8Lines += 1 }
        let truncatedJSON = countJSONShape(line)

        if !assembler.isOpen {
            let screening = screen(line)
            guard screening == .candidate else { return skip(line, number: number, screening) }
        }
        // A headless Java stack (read on the raw line: a log line starts with its time), maybe just after an event.
        let javaStack = EventAssembler.javaExceptionMessageStart(line) != nil
        // A JSON record right after an event may be the same failure's `… with root cause` record (Logback's encoder).
        let mayRejoin = (javaStack && assembler.lastLine >= number - Self.rootCauseLines)
            || (line.first == UInt8(ascii: "{") && assembler.lastLine == number - 1)
        // Decoded once: the line either continues the open event, or closes it and may open the next.
        var rejected: CompiledCatalog.Screening?
        // The scanner reached without a reference of the closure's own: it lives through this call, and a
        // captured `self` cost a retain and a release per decoded line.
        let scanner = Unmanaged.passUnretained(self)
        DecodedLine.decode(line, memo: prefixMemo) { decoded in
            scanner._withUnsafeGuaranteedRef {
                rejected = $0.take(&decoded, line, number, truncatedJSON: truncatedJSON, javaStack: javaStack, mayRejoin: mayRejoin, onFinding)
            }
        }
        if assembler.mayHaveHeadBefore { adoptHeadBefore() }
        if let counted = countedErrorLine { forgetIfAdopted(counted) }
        if let rejected { skip(line, number: number, rejected) }
    }

    /// A line of its own that holds an error level's word and no literal of a rule: counted when its level is
    /// an error's (`UnrecognisedErrors`), or it is a runtime's panic. A stack's frame may be the first of an exception
    /// printed without a level.
    @inline(never)
    private func noteErrorLine(_ line: UnsafeRawBufferPointer, number: Int) {
        // A frame as printed, without a prefix, is told by its bytes: not decoded.
        if StackFrameLine.isFrame(line) { return noteFrame(at: number) }
        var isFrame = false
        DecodedLine.decode(line, memo: prefixMemo) { decoded in
            isFrame = StackFrameLine.isFrame(decoded.message)
            guard !isFrame, Self.isErrorLine(decoded, isJSON: line.first == UInt8(ascii: "{")) else { return }
            countedErrorLine = (number, countUnrecognised(decoded.message, line: number))
        }
        if isFrame { noteFrame(at: number) }
    }

    private func noteFrame(at number: Int) {
        defer { lastFrameLine = number }
        if lastFrameLine != number - 1 { noteStackStart(frameAt: number) }
    }

    private static func isErrorLine(_ decoded: DecodedLine, isJSON: Bool) -> Bool {
        if RuntimePanic.starts(decoded.message) { return true }
        return UnrecognisedErrors.isError(level: decoded.level, text: decoded.message, isJSON: isJSON)
            && !decoded.isServerContinuation && UnrecognisedErrors.saysSomething(decoded.message)
    }

    /// The first frame of a stack whose exception opened no event (its first line held no rule's literal): the
    /// exception's first line (`exceptionHead`) is counted, unless it states a level below an error's, or it or the
    /// record before it was counted as an error line (`logger.error(msg, e)`: the record, then the exception), or that
    /// record is a warning's (`logger.warn(msg, e)`). Read from the ring, as a scan cut into ranges reads them too.
    @inline(never)
    private func noteStackStart(frameAt number: Int) {
        guard let (headNumber, head) = exceptionHead(beforeFrameAt: number), !head.countedAsError,
              head.level == nil || PlainHeader.isError(head.level), head.message.withUnsafeBytes(UnrecognisedErrors.saysSomething)
        else { return }
        guard !loggedByRecord(headNumber - 1) else { return }
        head.message.withUnsafeBytes { _ = countUnrecognised($0, line: headNumber) }
    }

    /// Whether the line before an exception's first line is the record that logged it: an error line (counted as
    /// one) or a warning's. Only a line that holds an error's word or `warn` in any case is decoded to tell.
    private func loggedByRecord(_ number: Int) -> Bool {
        let record = ringLine(number) { raw, holdsErrorWord in holdsErrorWord || Self.warningWords.contains { $0.isFound(in: raw) } }
        return record.map { $0.countedAsError || $0.level == "warning" } ?? false
    }

    private static let warningWords = ["WARN", "warn", "Warn"].map { ByteSearch.Needle(Array($0.utf8)) }

    /// A message may take lines of its own between the exception's first line and its stack.
    static let exceptionMessageLines = 4

    /// The first line of the exception whose stack's first frame is at `number`: the nearest line before that names
    /// an exception (`Error: invalid order payload:`, then the message's other lines), up to a frame, a blank line or a
    /// record with a level of its own; else the line just before. Nil when the frame is not a stack's first (a
    /// cause's, Java's `Caused by: `, Node's indented `[cause]:`), or a line before is not in the ring: it was an
    /// event's, and the stack is that event's (a platform's records of one error, split by line, that did not join it).
    private func exceptionHead(beforeFrameAt number: Int) -> (Int, RingLine)? {
        guard let before = ringLine(number - 1) else { return nil }
        var k = number - 1, line = before
        while true {
            let isHead = line.message.withUnsafeBytes(StackFrameLine.isExceptionHead)
            if isHead, line.message.withUnsafeBytes(StackFrameLine.namesException) { return (k, line) }
            let ends = line.message.isEmpty || line.message.withUnsafeBytes(StackFrameLine.isFrame) || line.level != nil
            guard !ends, number - k < Self.exceptionMessageLines else { break }
            k -= 1
            guard let earlier = ringLine(k) else { return nil }
            line = earlier
        }
        return before.message.withUnsafeBytes(StackFrameLine.isExceptionHead) ? (number - 1, before) : nil
    }

    /// A line the ring holds: its message, the level its text states (a JSON record's level field is not its text's:
    /// `UnrecognisedErrors.isError`) and whether it counts as an error line of its own (`noteErrorLine`).
    struct RingLine {
        let message: [UInt8]
        let level: String?
        let countedAsError: Bool
    }

    /// `worthDecoding` sees the raw line and whether it holds an error's word: nil when it says no.
    private func ringLine(
        _ number: Int, worthDecoding: (UnsafeRawBufferPointer, Bool) -> Bool = { _, _ in true }
    ) -> RingLine? {
        var line: RingLine?
        ring.withLine(numbered: number) { raw in
            var holdsErrorWord = false
            _ = catalog.screen(raw, errorWord: &holdsErrorWord)
            guard worthDecoding(raw, holdsErrorWord) else { return }
            let isJSON = raw.first == UInt8(ascii: "{")
            DecodedLine.decode(raw) { decoded in
                line = RingLine(
                    message: Array(decoded.message), level: isJSON ? PlainHeader.levelWord(decoded.message) : decoded.level,
                    countedAsError: holdsErrorWord && Self.isErrorLine(decoded, isJSON: isJSON))
            }
        }
        return line
    }

    /// Takes back the count of an error line that the event just opened made its head (a traceback's record line).
    @inline(never)
    private func forgetIfAdopted(_ counted: (line: Int, kind: Int?)) {
        countedErrorLine = nil
        guard assembler.isOpen, assembler.firstLine <= counted.line, assembler.lastLine > counted.line else { return }
        stats.unrecognisedErrors?.uncount(kind: counted.kind)
        if stats.unrecognisedErrors?.events == 0 { stats.unrecognisedErrors = nil }
    }

    /// `processLine` for its decoded line: continues the open event, or closes it and may open the next; the
    /// prefilter's verdict when the line opens none.
    @inline(__always)
    private func take(
        _ decoded: inout DecodedLine, _ line: UnsafeRawBufferPointer, _ number: Int, truncatedJSON: Bool, javaStack: Bool, mayRejoin: Bool,
        _ onFinding: (Finding) -> Void
    ) -> CompiledCatalog.Screening? {
        // Damage that only parsing shows is counted for the lines that are used.
        let unparsable = decoded.malformedJSON && !truncatedJSON
        if assembler.isOpen {
            if assembler.append(decoded, number: number) {
                if unparsable { stats.ingest.malformedJSONLines += 1 }
                if assembler.isFull { stats.ingest.oversizedEvents += 1; finishEvent(onFinding) }
                return nil
            }
            let last = decoded.message.last
            let held = (decoded.message.first == UInt8(ascii: "f") || last == UInt8(ascii: "e") || last == 0x0D || last == 0x20)
                && holdsForRepeat(decoded, number: number)
            if !held { finishEvent(onFinding) }
            let screening = screen(line)
            guard screening == .candidate else { return screening }
        }
        if unparsable { stats.ingest.malformedJSONLines += 1 }
        if heldBy != nil, rejoinsRepeat(decoded, number: number, onFinding) { return nil }
        if mayRejoin, rejoinsRootCause(decoded, number: number) { return nil }
        let serverContinuation = decoded.isServerContinuation ? decoded.processID : nil
        eventOpenedByJSON = line.first == UInt8(ascii: "{")
        assembler.open(&decoded, number: number)
        eventStart = lineStart
        // A JSON record (Docker's json-file) holds the stack's line in its message: read there.
        let javaStack = javaStack || (line.first == UInt8(ascii: "{") && EventAssembler.javaExceptionMessageStart(decoded.message) != nil)
        if assembler.opensWithTraceback || (javaStack && assembler.opensWithJavaStack) {
            adoptTracebackHead(before: number)
        } else if assembler.opensWithLoggedException {
            adoptRecordHead(before: number)
        } else if let processID = serverContinuation {
            adoptServerHead(before: number, processID: processID)
        }
        return nil
    }

    /// How many lines of a record's message may lie between its first line and the traceback it logged.
    static let messageLinesBeforeTraceback = 2

    /// The error record a traceback or a Java stack was logged with (`logger.exception(…)`, `log.error(msg, e)`):
    /// the line just before it or, when the lines between have no time or level of their own, the nearest before
    /// them (a message of several lines: httpx's `HTTPStatusError` adds `For more information check: …`).
    @inline(never)
    private func adoptTracebackHead(before number: Int) {
        searchHead(before: number) { decoded, line, collected in
            if collected.count < Self.messageLinesBeforeTraceback, EventAssembler.continuesMessage(decoded) { return .collect }
            assembler.adoptHeader(decoded, lines: collected.reversed(), number: line)
            return .stop
        }
    }

    /// A server's continuation line that opens an event (`CONTEXT:  PL/pgSQL function refund(integer) line 2 at
    /// RAISE`) after an error line of the same process that held no rule's literal (`ERROR:  order 42 cannot be
    /// refunded`): that line, and the continuations between, begin the event (was: the event began at the
    /// continuation, without the error's message).
    @inline(never)
    private func adoptServerHead(before number: Int, processID: Int) {
        searchHead(before: number) { decoded, line, collected in
            guard decoded.processID == processID else { return .stop }
            if decoded.isServerContinuation { return .collect }
            if PlainHeader.isError(decoded.level) {
                assembler.adoptServerHead(decoded, lines: collected.reversed(), number: line)
            }
            return .stop
        }
    }

    private enum HeadSearch { case collect, stop }

    /// The search the head adoptions share: the lines before `number` that the ring kept, nearest first, at most
    /// `recordHeadLines`, each decoded; `visit` sees each with the messages collected since (nearest first) and
    /// says whether it is one of the record's lines (collected, the search goes on) or where the search ends.
    private func searchHead(before number: Int, _ visit: (DecodedLine, _ line: Int, _ collected: [[UInt8]]) -> HeadSearch) {
        var collected: [[UInt8]] = []
        for back in 1...Self.recordHeadLines {
            var next = HeadSearch.stop
            ring.withLine(numbered: number - back) { raw in
                DecodedLine.decode(raw) { decoded in
                    next = visit(decoded, number - back, collected)
                    if next == .collect { collected.append(Array(decoded.message)) }
                }
            }
            if next == .stop { return }
        }
    }

    /// The head line of the record whose later line opened the event: java.util.logging's, just before its `SEVERE: …`
    /// line; .NET's console logger's (`fail: Category[EventId]`), before the record's lines indented by six spaces.
    @inline(never)
    private func adoptHeadBefore() {
        defer { assembler.mayHaveHeadBefore = false }  // looked for once
        if assembler.opensWithJULMessage {
            let head = assembler.firstLine - 1
            ring.withLine(numbered: head) { previous in
                DecodedLine.decode(previous) { assembler.adoptJULHead($0, number: head) }
            }
        } else if assembler.opensWithDotnetMessage {
            searchHead(before: assembler.firstLine) { decoded, line, collected in
                if EventAssembler.isDotnetRecordLine(decoded.message), decoded.level == nil { return .collect }
                if decoded.level != nil, decoded.logger != nil, decoded.message.count > 5, decoded.message[4] == UInt8(ascii: ":") {
                    assembler.adoptDotnetHead(decoded, lines: collected.reversed(), number: line)
                }
                return .stop
            }
        }
    }

    /// How many lines an Elixir logger record may hold before the exception it logs (Phoenix: the head,
    /// `Server: …`, `Request: …`, `** (exit) an exception was raised:`).
    static let recordHeadLines = 6

    /// The head of the logger record an Elixir exception belongs to: the nearest line before it with a time
    /// and a level of its own, an error's, when the lines between have neither and none is blank.
    private func adoptRecordHead(before number: Int) {
        searchHead(before: number) { decoded, line, collected in
            if decoded.message.isEmpty { return .stop }
            guard decoded.level != nil || decoded.timestamp != nil else { return .collect }
            // An error record's: an exception printed after a `[debug] QUERY ERROR …` record is not its.
            if PlainHeader.isError(decoded.level), decoded.timestamp != nil {
                assembler.adoptRecordHead(decoded, lines: collected.reversed(), number: line)
            }
            return .stop
        }
    }

    /// How far after a logged error a servlet container's `… with root cause` record and its stack may start.
    static let rootCauseLines = 4

    /// A Java stack without a head of its own (`org.postgresql.util.PSQLException: ERROR: relation "x" does not exist`
    /// + `\tat …`) after a record ending `with root cause` (Spring's DispatcherServlet, Tomcat) and a blank line,
    /// just after an error record whose first line ends in the exception's message (Hibernate's
    /// `SqlExceptionHelper : ERROR: relation "x" does not exist`): one failure, so the records and the stack join
    /// that event, which is not reported again under the rules it was reported under.
    @inline(never)
    private func rejoinsRootCause(_ line: DecodedLine, number: Int) -> Bool {
        if line.raw.first == UInt8(ascii: "{") { return rejoinsRootCauseRecord(line, number: number) }
        guard !assembler.isOpen, !warmingUp, assembler.lastLine + 1 < number, reportedRules.isEmpty,
              line.timestamp == nil, line.level == nil,
              let start = EventAssembler.javaExceptionMessageStart(line.message) else { return false }
        var between: [[UInt8]] = []
        for n in (assembler.lastLine + 1)..<number {
            var found = false
            ring.withLine(numbered: n) { raw in
                found = true
                DecodedLine.decode(raw) { between.append(Array($0.message)) }
            }
            guard found else { return false }
        }
        guard let cause = between.last(where: { !$0.isEmpty }), cause.last == UInt8(ascii: "e") || cause.last == 0x0D,
              EventAssembler.endsWithRootCause(cause)
        else { return false }
        let message = UnsafeRawBufferPointer(rebasing: line.message[start...])
        let head = assembler.text.prefix { $0 != 0x0A }
        guard head.count > message.count, head.suffix(message.count).elementsEqual(message) else { return false }
        let rules = rulesMatchingEvent()
        guard !rules.isEmpty else { return false }
        assembler.rejoin(between, then: line, number: number)
        reportedRules = rules
        stats.ingest.events -= 1 + between.count  // counted when it closed, and each line between as one of its own
        return true
    }

    /// The JSON form of `rejoinsRootCause` (logstash-logback-encoder writes one record per event): a record whose
    /// message ends `with root cause` and whose `stack_trace` (read as its next lines) is a Java exception restating
    /// the first line of the error record just before it (Hibernate's `ERROR: relation "x" does not exist`).
    @inline(never)
    private func rejoinsRootCauseRecord(_ line: DecodedLine, number: Int) -> Bool {
        guard !assembler.isOpen, !warmingUp, reportedRules.isEmpty, assembler.lastLine == number - 1,
              PlainHeader.isError(assembler.level) else { return false }
        let m = line.message
        var start = 0
        var previousLine: Range<Int>?
        for _ in 0..<16 where start < m.count {
            let end = m[start...].firstIndex(of: 0x0A) ?? m.count
            let text = UnsafeRawBufferPointer(rebasing: m[start..<end])
            if let previous = previousLine, EventAssembler.javaExceptionMessageStart(text) != nil {
                guard EventAssembler.endsWithRootCause(m[previous]),
                      EventAssembler.javaStackRestates(text, of: assembler.text) else { return false }
                let rules = rulesMatchingEvent()
                guard !rules.isEmpty else { return false }
                assembler.rejoin([], then: line, number: number)
                reportedRules = rules
                stats.ingest.events -= 1  // counted when it closed
                return true
            }
            previousLine = start..<end
            start = end + 1
        }
        return false
    }

    /// Reopens the event a quiet input closed when `line` continues it: the event is reported again whole
    /// when it ends, except under the rules it was reported under already (one error, one finding).
    private func resume(_ line: UnsafeRawBufferPointer, number: Int, reported: [Int], _ onFinding: (Finding) -> Void) -> Bool {
        var resumed = false
        DecodedLine.decode(line, memo: prefixMemo) { decoded in
            assembler.reopen()
            resumed = assembler.append(decoded, number: number)
            if !resumed { assembler.close() }
        }
        guard resumed else { return false }
        stats.ingest.events -= 1  // counted when it was closed; it is counted again when it ends
        reportedRules = reported
        if assembler.isFull { stats.ingest.oversizedEvents += 1; finishEvent(onFinding) }
        return true
    }

    /// The prefilter's verdict on a line; a journald record whose MESSAGE is an array of byte values
    /// (journalctl -o json's form for text with a control character) is screened on those bytes, which
    /// the raw line does not hold as text. Only a line that begins as journalctl begins its records
    /// (`{ "__CURSOR" : …`) is looked into: any other JSON line pays nothing.
    @inline(__always)
    private func screen(_ line: UnsafeRawBufferPointer) -> CompiledCatalog.Screening {
        let screening = catalog.screen(line, errorWord: &lineHoldsErrorWord)
        if StackFrameLine.startsWithTab(line), catalog.looksForErrors { lineHoldsErrorWord = true }
        guard screening != .candidate, line.first == UInt8(ascii: "{"), Self.isJournalRecord(line), Self.holdsByteArrayMessage(line),
              let message = JSONEnvelope.decode(line)?.message else { return screening }
        return message.withUnsafeBytes { catalog.screen($0, errorWord: &lineHoldsErrorWord) }
    }

    /// `{ "__CURSOR"` as journalctl prints it, or `{"__CURSOR"` compacted.
    @inline(__always)
    private static func isJournalRecord(_ line: UnsafeRawBufferPointer) -> Bool {
        let key = line.count > 1 && line[1] == UInt8(ascii: " ") ? 2 : 1
        return line.count > key && UnsafeRawBufferPointer(rebasing: line[key...]).hasPrefix(#""__CURSOR""#)
    }

    private static let messageKey = Array(#""MESSAGE""#.utf8)

    @inline(never)
    private static func holdsByteArrayMessage(_ line: UnsafeRawBufferPointer) -> Bool {
        var i = 0
        while i + messageKey.count <= line.count {
            if line[i] == 0x22, messageKey.indices.allSatisfy({ line[i + $0] == messageKey[$0] }) {
                var j = i + messageKey.count
                while j < line.count, line[j] == 0x20 { j += 1 }
                if j < line.count, line[j] == UInt8(ascii: ":") {
                    j += 1
                    while j < line.count, line[j] == 0x20 { j += 1 }
                    return j < line.count && line[j] == UInt8(ascii: "[")
                }
            }
            i += 1
        }
        return false
    }

    /// A line that opens no event: an event of its own, and context for later findings unless it holds
    /// a literal. Context is the routine lines around a finding; a look-alike of a failure never was
    /// (it used to open an event of its own, and event lines are not context).
    @inline(__always)
    private func skip(_ line: UnsafeRawBufferPointer, number: Int, _ screening: CompiledCatalog.Screening) {
        stats.ingest.events += 1
        if lineHoldsErrorWord, !warmingUp { noteErrorLine(line, number: number) }
        guard screening == .plain || screening == .request else { return }
        let mayBeRequest = screening == .request
        ring.push(line, number: number, offset: lineStart, mayBeContext: mayBeRequest)
        if mayBeRequest, let timeline, !warmingUp { record(line, number: number, in: timeline) }
    }

    /// Puts a request line (a context rule's match) on the shared time line; a server error's once (`HeldResponses`).
    private func record(_ line: UnsafeRawBufferPointer, number: Int, in timeline: RequestTimeline) {
        guard !timeline.serverErrorsOnly || RequestTimeline.mayHoldServerError(line),
              var request = contextLine(line, number: number) else { return }
        guard (request.capture("status").flatMap { Int($0) } ?? 0) >= 500 else { return timeline.add(request) }
        let ownClock = request.epoch != nil
        if let failure = answered(request, at: number) { request.epoch = failure }
        for response in heldResponses.take(request, ownClock: ownClock, at: number) { timeline.add(response) }
    }

    /// How many lines after a failure the response that reports it may be logged.
    static let responseLines = 100

    /// The instant of the failure a response line answered, when the response has no clock of its own
    /// or one that counts whole seconds only (access logs' `[03/Dec/2026:14:16:33 +0000]`): such a clock
    /// cannot tell apart the failures of one second, the order of the lines can. The response is the
    /// first 5xx within `responseLines` lines after the failure (and `contextReach.bytes`), in its second or the next.
    private func answered(_ response: ContextLine, at number: Int) -> Double? {
        guard let failure = lastFailure, number - failure.line <= Self.responseLines,
              lineStart - failure.start <= Self.contextReach.bytes else { return nil }
        guard let epoch = response.epoch else { return failure.epoch }
        guard epoch == epoch.rounded(.down), abs(failure.epoch.rounded(.down) - epoch) <= 1 else { return nil }
        return failure.epoch
    }

    /// Counts JSON lines, and flags the cheap-to-see damage (a record that does not end in `}`)
    /// without parsing; full parsing happens only for lines that are decoded anyway.
    @inline(__always)
    private func countJSONShape(_ line: UnsafeRawBufferPointer) -> Bool {
        guard let first = line.first, first == UInt8(ascii: "{") else { return false }
        stats.ingest.jsonLines += 1
        var end = line.count
        while end > 0, line[end - 1] == 0x20 || line[end - 1] == 0x09 { end -= 1 }
        guard line[end - 1] != UInt8(ascii: "}") else { return false }
        stats.ingest.malformedJSONLines += 1
        return true
    }

    func finishEvent(_ onFinding: (Finding) -> Void) {
        stats.ingest.events += 1
        assembler.close()
        if let epoch = assembler.epoch { lastDatedEvent = Dated(line: assembler.lastLine, start: eventStart, epoch: epoch) }
        guard !warmingUp else { return noteFailureWhileWarmingUp() }
        guard reportedRules.isEmpty else { return finishResumedEvent(onFinding) }
        reportClosedEvent(onFinding)
    }

    /// Matches the closed event and reports a finding per rule it matches.
    func reportClosedEvent(_ onFinding: (Finding) -> Void) {
        assembler.text.withUnsafeBytes { bytes in
            guard !Self.isLoggedStatement(bytes) else { return }
            withOutcome(of: bytes) { outcome in
                if outcome.matches.isEmpty && outcome.failures.isEmpty && catalog.looksForErrors { noteIfError(bytes) }
                report(&outcome, bytes, onFinding)
            }
        }
    }

    /// What the rules make of an event's text (`EventOutcomeMemo`).
    private func withOutcome(of bytes: UnsafeRawBufferPointer, _ body: (inout EventOutcomeMemo.Outcome) -> Void) {
        outcomes.withOutcome(of: bytes, evaluate: { outcome in
            outcome.ranDigitUniformPatterns = catalog.match(
                bytes, scratch: scratch, matches: &outcome.matches, failures: &outcome.failures) { outcome.captureSpans.append($0) }
        }, body)
    }

    /// Counts an event no rule matched when it is an error: its level says so, or it says so without one (an
    /// uncaught exception on stderr, a panic: `UnrecognisedErrors.isUncaught`).
    @inline(never)
    private func noteIfError(_ bytes: UnsafeRawBufferPointer) {
        if let level = assembler.level {
            guard UnrecognisedErrors.isError(level: level, text: bytes, isJSON: eventOpenedByJSON) else { return }
        } else {
            guard UnrecognisedErrors.isUncaught(bytes) else { return }
        }
        countUnrecognised(bytes, line: assembler.firstLine)
    }

    /// Counts an error no rule matched (`UnrecognisedErrors.note`); the index of its kind if kept.
    @discardableResult
    private func countUnrecognised(_ text: UnsafeRawBufferPointer, line: Int) -> Int? {
        if stats.unrecognisedErrors == nil { stats.unrecognisedErrors = UnrecognisedErrors() }
        return stats.unrecognisedErrors?.note(text, source: sourceName, line: line)
    }

    /// A failure whose time is a time of day alone (Elixir's console `09:31:07.554`) takes the date of the input's
    /// nearest line before it with a date of its own: an event's, or a plain line's among the last `ring.capacity`
    /// lines, within `contextReach` (so that a scan cut into ranges dates it alike), the next day when the time went
    /// back by more than half a day (midnight passed). Without one it has no instant.
    @inline(never)
    private func dateTimeOfDay() {
        guard let time = assembler.timestamp, let clock = Timestamp.clockSeconds(time) else { return }
        let first = assembler.firstLine
        var n = first - 1
        while n > datedSearchedThrough, n >= first - ring.capacity {
            var found: Double?
            ring.withLine(numbered: n) { raw in DecodedLine.decode(raw) { found = $0.epoch } }
            if let found, let start = ring.start(ofLine: n) {
                lastDatedLine = Dated(line: n, start: start, epoch: found)
                break
            }
            n -= 1
        }
        datedSearchedThrough = max(datedSearchedThrough, first - 1)
        let line = lastDatedLine.flatMap { $0.line >= first - ring.capacity ? $0 : nil }
        guard let dated = [line, lastDatedEvent].compactMap({ $0 }).filter({ reaches(back: $0) }).max(by: { $0.line < $1.line }) else { return }
        let day = (dated.epoch / 86400).rounded(.down) * 86400
        var epoch = (day + Double(clock.whole)) + clock.fraction
        if epoch < dated.epoch - 43200 { epoch += 86400 }
        assembler.epoch = epoch
    }

    /// Whether the open event's state may come from `dated`: it is within `contextReach` before it.
    private func reaches(back dated: Dated) -> Bool {
        assembler.firstLine - dated.line <= Self.contextReach.lines && eventStart - dated.start <= Self.contextReach.bytes
    }

    /// Before a range (`Scanner+Range`), only the last failure is noted, for a time line: the first 5xx
    /// response of the range may be its answer (`answered`).
    @inline(never)
    private func noteFailureWhileWarmingUp() {
        guard timeline != nil, assembler.epoch != nil || assembler.timestamp != nil,
              !assembler.text.withUnsafeBytes(Self.isLoggedStatement), !rulesMatchingEvent().isEmpty else { return }
        if assembler.epoch == nil { dateTimeOfDay() }
        guard let epoch = assembler.epoch else { return }
        lastFailure = Dated(line: assembler.lastLine, start: eventStart, epoch: epoch)
    }

    /// The rules the assembled event's text matches, outside the memo of outcomes: for the scanner's state,
    /// never for findings.
    private func rulesMatchingEvent() -> [Int] {
        assembler.text.withUnsafeBytes { bytes in
            var matches: [RuleMatch] = [], failures: [RuleFailure] = []
            catalog.match(bytes, scratch: scratch, matches: &matches, failures: &failures)
            return matches.map(\.ruleIndex)
        }
    }

    /// `finishEvent` for an event whose first lines were reported before a stall: only rules it was not
    /// reported under yet give findings (with the whole event's head, frames and lines).
    @inline(never)
    private func finishResumedEvent(_ onFinding: (Finding) -> Void) {
        let reported = reportedRules
        reportedRules = []
        assembler.text.withUnsafeBytes { bytes in
            guard !Self.isLoggedStatement(bytes) else { return }
            withOutcome(of: bytes) { outcome in
                var fresh = outcome
                fresh.matches = outcome.matches.filter { !reported.contains($0.ruleIndex) }
                fresh.matchedTexts = []
                report(&fresh, bytes, onFinding)
            }
        }
    }

    /// A PostgreSQL server's record of a statement that ran (`log_statement`, `log_min_duration_statement`,
    /// auto_explain): `LOG:  duration: 0.278 ms  statement: …`, `LOG:  statement: …`, `LOG:  execute <name>: …`,
    /// with the SQLSTATE `%e` or verbose logging put before it. Its text is SQL that succeeded: an error
    /// message written into a table (`UPDATE jobs SET last_error = 'relation "x" does not exist'`) is no failure.
    static func isLoggedStatement(_ text: UnsafeRawBufferPointer) -> Bool {
        guard text.count > 14, text[0] == UInt8(ascii: "L"), text.starts(with: "LOG:  ".utf8) else { return false }
        var rest = UnsafeRawBufferPointer(rebasing: text[6...])
        // `00000: ` (verbose, or `%e` moved here by DecodedLine)
        if rest.count > 7, rest[5] == UInt8(ascii: ":"), rest[6] == UInt8(ascii: " "),
           rest[..<5].allSatisfy({ (0x30...0x39).contains($0) || (0x41...0x5A).contains($0) }) {
            rest = UnsafeRawBufferPointer(rebasing: rest[7...])
        }
        return rest.starts(with: "duration: ".utf8) || rest.starts(with: "statement: ".utf8) || rest.starts(with: "execute ".utf8)
    }

    /// Counts the outcome's rule failures and hands out one Finding per match.
    private func report(_ outcome: inout EventOutcomeMemo.Outcome, _ bytes: UnsafeRawBufferPointer, _ onFinding: (Finding) -> Void) {
        for failure in outcome.failures {
            stats.ruleFailures[catalog.rules[failure.ruleIndex].id, default: 0] += 1
        }
        guard !outcome.matches.isEmpty else { return }
        let frames = outcome.frames ?? FrameParser.frames(in: outcome.text)
        outcome.frames = frames
        if assembler.epoch == nil, assembler.timestamp != nil { dateTimeOfDay() }
        if let epoch = assembler.epoch { lastFailure = Dated(line: assembler.lastLine, start: eventStart, epoch: epoch) }
        if keepsMatchedText && outcome.matchedTexts.isEmpty {
            for match in outcome.matches {
                outcome.matchedTexts.append(recentTexts.text(UnsafeRawBufferPointer(rebasing: bytes[match.range])))
            }
        }
        // One Finding for every match of the event: its event is built once and never copied, and
        // each match only replaces the fields of its rule.
        var finding = Finding(
            ruleID: "", title: "", severity: .info, category: "", captures: [], matched: "",
            event: LogEvent(
                source: sourceName, firstLine: assembler.firstLine, lastLine: assembler.lastLine,
                timestamp: assembler.timestamp, epoch: assembler.epoch, level: assembler.level,
                service: assembler.service, text: outcome.text, user: assembler.user, database: assembler.database,
                application: assembler.application, logger: assembler.logger),
            frames: frames, context: contextLines())
        if eventOpenedByJSON, let timeline, assembler.epoch != nil { recordOwnResponse(of: outcome.text, in: timeline) }
        // A failure without a clock answers the response without one held just before it; that response then is no
        // longer one of its own on the time line, which cannot place it.
        let answered = timeline != nil && assembler.epoch == nil && assembler.timestamp == nil
            ? heldResponses.takeUntimed(since: assembler.firstLine - Self.responseLines)?.line : nil
        for (index, match) in outcome.matches.enumerated() {
            finding.answeredLine = index == 0 ? answered : nil
            let r = match.ruleIndex
            findingsByRule[r] += 1
            finding.ruleID = ruleLabels[r].id
            finding.title = ruleLabels[r].title
            finding.severity = ruleLabels[r].severity
            finding.category = ruleLabels[r].category
            finding.captures = match.captures
            finding.frames = FrameParser.frames(frames, ofMatchAt: match.range.lowerBound, in: outcome.text)
            if keepsMatchedText { finding.matched = outcome.matchedTexts[index] }
            if tracksSessionErrors, let pid = assembler.processID { followSession(pid, &finding, rule: r) }
            onFinding(finding)
        }
    }

    /// A JSON error record that gives its request's method, path and a 5xx status (`JSONEnvelope.requestLine`, on its
    /// first line) is that request's response too: put on the time line, once (`HeldResponses`: uvicorn's access line
    /// of the same response is its twin), where the record's problem, which names it, is blamed for it.
    @inline(never)
    private func recordOwnResponse(of text: String, in timeline: RequestTimeline) {
        guard ByteSearch.contains(text, " status=5") else { return }
        let firstLine = text.prefix { $0 != "\n" }
        let bytes = Array(firstLine.utf8)
        let matched = bytes.withUnsafeBytes { catalog.matchContext($0, scratch: scratch) }
        guard let (ruleIndex, captures) = matched, captures.contains(where: { $0.name == "status" && $0.value.hasPrefix("5") }) else { return }
        let response = ContextLine(line: assembler.firstLine, timestamp: assembler.timestamp, epoch: assembler.epoch, service: assembler.service,
                                   ruleID: ruleLabels[ruleIndex].id, captures: captures, text: String(firstLine))
        for due in heldResponses.take(response, ownClock: true, at: assembler.firstLine) { timeline.add(due) }
    }

    /// A finding of a rule that follows its session's error takes that error as its cause; an error-level finding of
    /// another rule becomes the session's error.
    @inline(__always)
    private func followSession(_ pid: Int, _ finding: inout Finding, rule: Int) {
        // The label's fields read in place: a copy of it costs its Strings' retains and releases, per finding.
        if ruleLabels[rule].followsSessionError {
            finding.sessionCause = sessionErrors.cause(of: pid).map { SessionCause(ruleID: ruleLabels[$0.rule].id, captures: $0.captures) }
        } else {
            finding.sessionCause = nil
            if PlainHeader.isError(assembler.level) { sessionErrors.note(rule: rule, captures: finding.captures, pid: pid) }
        }
        // A session's finding of a `session_caused_by` rule (its lock wait) explains the next finding of that session only.
        if let noted = sessionCauses.cause(of: pid) {
            if ruleLabels[rule].sessionCauses.contains(noted.rule) { finding.sessionCause = SessionCause(ruleID: ruleLabels[noted.rule].id, captures: noted.captures) }
            sessionCauses.forget(pid)
        }
        if ruleLabels[rule].isSessionCause { sessionCauses.note(rule: rule, captures: finding.captures, pid: pid) }
    }

    /// How far before an event its context lines may be: no farther than a range's warm-up reaches back
    /// (`warmUp`: its lines, fewer where they are long), so that a scan cut into ranges gives every finding
    /// the context one scan gives. The ring keeps the last plain lines, which a run of long tracebacks put
    /// hundreds of lines back, and a run of JSON records with a stack trace each megabytes back.
    static let contextReach = (lines: warmUp.lines, bytes: warmUp.maximumBytes)

    /// The context lines in the ring, oldest first.
    private func contextLines() -> [ContextLine] {
        ring.contextLines(since: assembler.firstLine - Self.contextReach.lines, from: eventStart - Self.contextReach.bytes) { raw, number in
            contextLine(raw, number: number)
        }
    }

    /// The line as context, if a context pattern matches it (one its screening says may: `Screening.request`).
    private func contextLine(_ raw: UnsafeRawBufferPointer, number: Int) -> ContextLine? {
        var line: ContextLine?
        DecodedLine.decode(raw, memo: prefixMemo) { decoded in
            guard let (ruleIndex, captures) = catalog.matchContext(decoded.message, scratch: scratch) else { return }
            line = ContextLine(
                line: number, timestamp: decoded.timestamp, epoch: decoded.epoch ?? Timestamp.commonLogEpoch(in: decoded.message),
                service: decoded.service,
                ruleID: ruleLabels[ruleIndex].id, captures: captures, text: String(decoding: decoded.message, as: UTF8.self))
        }
        return line
    }
}

/// The fields of a rule that every finding of it carries.
struct RuleLabel {
    let id: String
    let title: String
    let severity: Severity
    let category: String
    let followsSessionError: Bool
    /// The rules (indices) of its `session_caused_by`.
    let sessionCauses: [Int]
    /// Whether some rule names it in `session_caused_by`.
    let isSessionCause: Bool
}
