extension Diagnosis {
    /// The diagnosis with secrets removed from every text that came from, or quotes, a log line or the
    /// database: samples, captures, request paths, the correlation and recommendation texts that embed
    /// captures, and the live columns (whose defaults may hold a key).
    public func redacted(_ redactor: Redactor = .shared) -> Diagnosis {
        var copy = self
        copy.stats.inputErrors = stats.inputErrors.map(redactor.scrub)
        copy.stats.unrecognisedErrors = stats.unrecognisedErrors?.redacted(redactor)
        copy.inputs = inputs.map(ControlCharacters.escaped)  // file names may hold ESC or a bidi override
        copy.problems = problems.map { $0.redacted(redactor) }
        return copy
    }
}

extension Diagnosis.Problem {
    func redacted(_ r: Redactor) -> Diagnosis.Problem {
        var copy = self
        copy.group = group.redacted(r)
        copy.explain = r.scrub(explain)
        copy.correlation = correlation.redacted(r)
        copy.recommendation = recommendation.redacted(r)
        return copy
    }
}

extension FindingGroup {
    func redacted(_ r: Redactor) -> FindingGroup {
        var copy = self
        copy.fingerprint = r.scrub(fingerprint)
        // Set from the catalog when scanned here, but read as they are from a --findings record.
        copy.ruleID = r.scrub(ruleID)
        copy.title = r.scrub(title)
        copy.category = r.scrub(category)
        copy.firstSeen = firstSeen.map(r.scrub)
        copy.lastSeen = lastSeen.map(r.scrub)
        copy.captures = captures.map { Capture(name: $0.name, value: r.scrub($0.value)) }
        copy.sources = Dictionary(sources.map { (ControlCharacters.escaped($0.key), $0.value) }, uniquingKeysWith: +)
        copy.samples = samples.map { sample in
            var sample = sample
            sample.source = ControlCharacters.escaped(sample.source)
            sample.text = r.scrub(sample.text)
            sample.timestamp = sample.timestamp.map(r.scrub)
            sample.service = sample.service.map(r.scrub)
            return sample
        }
        copy.codeLocations = codeLocations.map { location in
            var location = location
            location.file = r.scrub(location.file)
            location.function = location.function.map(r.scrub)
            location.sourcePath = location.sourcePath.map(r.scrub)
            location.code = location.code.map(r.scrub)
            return location
        }
        copy.precedingRequests = precedingRequests.map { request in
            var request = request
            request.path = r.scrub(request.path)
            return request
        }
        copy.failedRequests = failedRequests.map { request in
            var request = request
            request.path = r.scrub(request.path)
            return request
        }
        return copy
    }
}

extension Correlation {
    func redacted(_ r: Redactor) -> Correlation {
        var copy = self
        copy.summary = r.scrub(summary)
        copy.evidence = evidence.map(r.scrub)
        copy.table = table.map(r.scrub)
        copy.columns = columns?.map(r.scrub)
        copy.similarRelations = similarRelations?.map(r.scrub)
        copy.suggestion = suggestion.map(r.scrub)
        copy.endpoint = endpoint.map(r.scrub)
        copy.sourceLines = sourceLines?.map(r.scrub)
        copy.facts = facts.mapValues(r.scrub)
        return copy
    }
}

extension Recommendation {
    func redacted(_ r: Redactor) -> Recommendation {
        var copy = self
        copy.rootCause = r.scrub(rootCause)
        copy.fix = fix.map(r.scrub)
        copy.fixCode = fixCode.map(r.scrub)
        copy.verification = r.scrub(verification)
        copy.rollback = r.scrub(rollback)
        copy.hazards = hazards?.map { StatementHazards(statement: r.scrub($0.statement), hazards: $0.hazards.map { Hazard($0.kind, r.scrub($0.message), alternative: $0.alternative.map(r.scrub)) }) }
        return copy
    }
}
