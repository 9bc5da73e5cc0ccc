import Foundation
import Testing

/// What the blind trials (fixtures/trial-*) read of `report --db … --format json`.
enum TrialReport {
    /// The problems of `report LOGS --db DSN --format json`.
    static func problems(_ logs: [String], dsn: String) throws -> [[String: Any]] {
        let run = try CLI.run(["report"] + logs + ["--db", dsn, "--format", "json"])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any], "\(run.stderr)")
        return try #require(json["problems"] as? [[String: Any]])
    }

    /// Each problem as `rule captures ×count (linked) STATUS at FILE:LINE`.
    static func summary(_ problem: [String: Any]) -> String {
        let group = problem["group"] as? [String: Any] ?? [:]
        let captures = (group["captures"] as? [[String: String]] ?? []).map { "\($0["name"] ?? "")=\($0["value"] ?? "")" }
        let status = (problem["correlation"] as? [String: Any])?["status"] as? String ?? ""
        let location = (group["code_locations"] as? [[String: Any]])?.first.map { " at \($0["file"] ?? ""):\($0["line"] ?? "")" } ?? ""
        return "\(group["rule_id"] ?? "") \(captures.joined(separator: " ")) ×\(group["count"] ?? "") (\(group["linked_failures"] ?? 0) linked) \(status.uppercased())\(location)"
    }
}
