extension Diagnosis {
    /// The diagnosis with secrets removed from every text that came from, or quotes, a log line:
    /// samples, captures, and the correlation and recommendation texts that embed captures.
    public func redacted(_ redactor: Redactor = .shared) -> Diagnosis {
        var copy = self
        copy.stats.inputErrors = stats.inputErrors.map(redactor.redact)
        copy.problems = problems.map { $0.redacted(redactor) }
        return copy
    }
}

extension Diagnosis.Problem {
    func redacted(_ r: Redactor) -> Diagnosis.Problem {
        var copy = self
        copy.group = group.redacted(r)
        copy.explain = r.redact(explain)
        copy.correlation = correlation.redacted(r)
        copy.recommendation = recommendation.redacted(r)
        return copy
    }
}

extension FindingGroup {
    func redacted(_ r: Redactor) -> FindingGroup {
        var copy = self
        copy.fingerprint = r.redact(fingerprint)
        copy.captures = captures.map { Capture(name: $0.name, value: r.redact($0.value)) }
        copy.samples = samples.map { sample in
            var sample = sample
            sample.text = r.redact(sample.text)
            sample.service = sample.service.map(r.redact)
            return sample
        }
        copy.codeLocations = codeLocations.map { location in
            var location = location
            location.file = r.redact(location.file)
            location.function = location.function.map(r.redact)
            return location
        }
        copy.precedingRequests = precedingRequests.map { request in
            var request = request
            request.path = r.redact(request.path)
            return request
        }
        return copy
    }
}

extension Correlation {
    func redacted(_ r: Redactor) -> Correlation {
        var copy = self
        copy.summary = r.redact(summary)
        copy.evidence = evidence.map(r.redact)
        copy.table = table.map(r.redact)
        copy.suggestion = suggestion.map(r.redact)
        copy.endpoint = endpoint.map(r.redact)
        copy.sourceLines = sourceLines?.map(r.redact)
        copy.facts = facts.mapValues(r.redact)
        return copy
    }
}

extension Recommendation {
    func redacted(_ r: Redactor) -> Recommendation {
        var copy = self
        copy.rootCause = r.redact(rootCause)
        copy.fix = fix.map(r.redact)
        copy.fixCode = fixCode.map(r.redact)
        copy.verification = r.redact(verification)
        copy.rollback = r.redact(rollback)
        return copy
    }
}
