import Foundation

extension Diagnosis {
    /// The diagnosis with every log timestamp that names an instant written as UTC ISO-8601
    /// (`2025-12-19T13:21:24.183Z`), whatever layout the log used; others are left as logged.
    func timestampsInUTC() -> Diagnosis {
        var copy = self
        copy.problems = problems.map { problem in
            var problem = problem
            problem.group.firstSeen = problem.group.firstSeen.map(Self.utc)
            problem.group.lastSeen = problem.group.lastSeen.map(Self.utc)
            problem.group.samples = problem.group.samples.map { sample in
                var sample = sample
                sample.timestamp = sample.timestamp.map(Self.utc)
                return sample
            }
            return problem
        }
        return copy
    }

    /// Milliseconds, or microseconds when the log had them.
    static func utc(_ timestamp: String) -> String {
        guard let epoch = Timestamp.epoch(of: timestamp) else { return timestamp }
        var seconds = time_t(epoch.rounded(.down))
        var micros = Int(((epoch - Double(seconds)) * 1_000_000).rounded())
        if micros == 1_000_000 { seconds += 1; micros = 0 }
        var parts = tm()
        gmtime_r(&seconds, &parts)
        let fraction = micros % 1000 == 0 ? String(format: "%03d", micros / 1000) : String(format: "%06d", micros)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02d.", parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday,
                      parts.tm_hour, parts.tm_min, parts.tm_sec) + fraction + "Z"
    }
}
