/// A connection that failed to the host and port of the database logmedic was given (`--db`) is the database's,
/// whatever the port: a rule that reports it as another service's (`database_endpoint:` in its YAML, by the
/// `reason` it captures) hands such an occurrence to the database rule it names, with the `host` and `port` it
/// logged, as that rule's own patterns capture them on PostgreSQL's usual ports.
public struct DatabaseEndpointClaims: Sendable {
    struct Target: Sendable {
        var id: String
        var title: String
        var severity: Severity
        var category: String
    }

    let endpoints: [DatabaseEndpoint]
    /// The rules with a `database_endpoint:` map, each with its targets by `reason`.
    let rules: [(id: String, targets: [String: Target])]

    /// Nil when there is nothing to claim: no TCP endpoint (a unix-socket DSN) or no rule with such a map.
    public init?(rules: [Rule], endpoints: [DatabaseEndpoint]) {
        guard !endpoints.isEmpty else { return nil }
        let byID = Dictionary(rules.map { ($0.id, $0) }) { first, _ in first }
        let claiming = rules.compactMap { rule in
            rule.databaseEndpoint.map { map in
                (id: rule.id, targets: map.compactMapValues { id in
                    byID[id].map { Target(id: $0.id, title: $0.title, severity: $0.severity, category: $0.category) }
                })
            }
        }
        guard !claiming.isEmpty else { return nil }
        self.endpoints = endpoints
        self.rules = claiming
    }

    /// The finding as the database rule's, when it names one of `endpoints`; nil otherwise.
    func claimed(_ finding: Finding) -> Finding? {
        guard let targets = rules.first(where: { $0.id == finding.ruleID })?.targets,
              let target = finding.capture("reason").flatMap({ targets[$0] }),
              let host = finding.capture("host"), let port = finding.capture("port"),
              endpoints.contains(where: { $0.isNamed(host: host, port: port) }) else { return nil }
        var claimed = finding
        claimed.ruleID = target.id
        claimed.title = target.title
        claimed.severity = target.severity
        claimed.category = target.category
        claimed.captures = finding.captures.filter { $0.name == "host" || $0.name == "port" }
        return claimed
    }
}
