/// One failure logged twice, the second record reaching the app's code:
/// - ASP.NET Core's exception middleware logs again the exception EF Core has just logged: `fail:
///   Microsoft.EntityFrameworkCore.Query[10100]` with the exception, then `fail:
///   Microsoft.AspNetCore.Diagnostics.DeveloperExceptionPageMiddleware[1]` (or `…ExceptionHandlerMiddleware[1]`) with the
///   same exception, whose stack now reaches the app's controller.
/// - Hibernate's `SqlExceptionHelper` logs the server's error (`ERROR: relation "x" does not exist`), then Spring's
///   DispatcherServlet (or Tomcat) a record ending `with root cause` and the exception's stack, without a head of its
///   own, restating that error and reaching the app's controller.
/// The second record joins the first's event, which is reported once, whole, with the controller's frame.
extension Scanner {
    /// Holds the open event back (closed, not reported) when `line`, the line that closes it, is the head of an ASP.NET
    /// exception middleware's record and the event is an EF Core error record of the same service; or `line` is a
    /// record ending `with root cause` and the event is Hibernate's record of a server error.
    @inline(never)
    func holdsForRepeat(_ line: DecodedLine, number: Int) -> Bool {
        guard !warmingUp, reportedRules.isEmpty, PlainHeader.isError(assembler.level),
              line.level == "error", line.service == assembler.service, let logger = line.logger else { return false }
        let rootCause: Bool
        if assembler.logger?.hasPrefix("Microsoft.EntityFrameworkCore.") == true, line.message.starts(with: "fail: ".utf8),
           logger.hasPrefix("Microsoft.AspNetCore."), logger.hasSuffix("Middleware") {
            rootCause = false
        } else if assembler.logger?.hasSuffix("SqlExceptionHelper") == true, line.raw.first != UInt8(ascii: "{"),
                  EventAssembler.endsWithRootCause(line.message) {
            rootCause = true
        } else {
            return false
        }
        stats.ingest.events += 1
        assembler.close()
        heldBy = (number, rootCause)
        updateSpecialLineGate()
        return true
    }

    /// The held event takes the second record when `line`, within its first lines, restates the event: a line of the
    /// event (the middleware's: the same exception line, type, SqlState and message), or a stack without a head whose
    /// message ends the event's first line (the root cause's). Else the held event is reported now and `line` is left
    /// to open its own.
    @inline(never)
    func rejoinsRepeat(_ line: DecodedLine, number: Int, _ onFinding: (Finding) -> Void) -> Bool {
        guard let held = heldBy, !assembler.isOpen, number - held.line <= Self.recordHeadLines, line.level == nil,
              held.rootCause
                ? line.timestamp == nil && EventAssembler.javaStackRestates(line.message, of: assembler.text)
                : EventAssembler.isDotnetRecordLine(line.message) && Self.holdsLine(assembler.text, line.message),
              let between = recordLines(from: held.line, before: number, rootCause: held.rootCause) else {
            reportHeldEvent(onFinding)
            return false
        }
        heldBy = nil
        updateSpecialLineGate()
        assembler.rejoin(between, then: line, number: number)
        stats.ingest.events -= 1 + between.count  // counted when it was held, and each line between as one of its own
        return true
    }

    /// Reports the held event, if any.
    func reportHeldEvent(_ onFinding: (Finding) -> Void) {
        guard heldBy != nil else { return }
        heldBy = nil
        updateSpecialLineGate()
        reportClosedEvent(onFinding)
    }

    /// The messages of the lines from the record's head at `head` to `end`: the head, then lines of the record
    /// (.NET's: indented, no level of their own; before a root cause's stack: blank); nil when one is not.
    private func recordLines(from head: Int, before end: Int, rootCause: Bool) -> [[UInt8]]? {
        var lines: [[UInt8]] = []
        for n in head..<end {
            var ofRecord = false
            ring.withLine(numbered: n) { raw in
                DecodedLine.decode(raw) { decoded in
                    ofRecord = n == head || (decoded.level == nil && (rootCause
                        ? decoded.message.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }
                        : EventAssembler.isDotnetRecordLine(decoded.message)))
                    lines.append(Array(decoded.message))
                }
            }
            guard ofRecord else { return nil }
        }
        return lines
    }

    /// Whether one of `text`'s lines is `line`.
    private static func holdsLine(_ text: [UInt8], _ line: UnsafeRawBufferPointer) -> Bool {
        var start = 0
        while start < text.count {
            let end = text[start...].firstIndex(of: 0x0A) ?? text.count
            if end - start == line.count, text[start..<end].elementsEqual(line) { return true }
            start = end + 1
        }
        return false
    }
}
