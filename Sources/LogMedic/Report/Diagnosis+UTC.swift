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
        return dateAndTime(seconds, separator: "T") + "." + (micros % 1000 == 0 ? padded(micros / 1000, 3) : padded(micros, 6)) + "Z"
    }

    /// `2025-12-19T13:21:24` (with `separator` between date and time): the UTC calendar fields of `seconds`.
    static func dateAndTime(_ seconds: time_t, separator: String) -> String {
        var seconds = seconds
        var parts = tm()
        gmtime_r(&seconds, &parts)
        return padded(Int(parts.tm_year) + 1900, 4) + "-" + padded(Int(parts.tm_mon) + 1, 2) + "-" + padded(Int(parts.tm_mday), 2)
            + separator + padded(Int(parts.tm_hour), 2) + ":" + padded(Int(parts.tm_min), 2) + ":" + padded(Int(parts.tm_sec), 2)
    }

    /// Decimal digits with leading zeros to `width` (what `%0*d` gives, without `String(format:)`'s cost).
    private static func padded(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
