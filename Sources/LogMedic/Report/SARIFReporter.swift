import Foundation

/// `--format sarif`: SARIF 2.1.0 for code scanning. One rule per catalog rule that found something,
/// one result per problem. Code-located problems carry their code locations, most frequent first,
/// relative to `--source` when the tree resolves them; the others point at the log line of their
/// first sample, so every result has a location a viewer can open.
public struct SARIFReporter: Reporter {
    public static let identifier = "sarif"
    public static let schemaURI = "https://json.schemastore.org/sarif-2.1.0.json"
    // The project page; update when the repository's public address is final.
    public static let informationURI = "https://github.com/logmedic/logmedic"
    public let source: SourceTree?
    public let redactor: Redactor

    public init(source: SourceTree? = nil, redactor: Redactor = .shared) {
        self.source = source
        self.redactor = redactor
    }

    public func render(_ diagnosis: Diagnosis) -> String {
        let diagnosis = diagnosis.redacted(redactor)
        var ruleIDs: [String] = []
        for p in diagnosis.problems where !ruleIDs.contains(p.group.ruleID) { ruleIDs.append(p.group.ruleID) }
        let rules = ruleIDs.map { id in rule(for: diagnosis.problems.first { $0.group.ruleID == id }!) }
        let results = diagnosis.problems.map { result(for: $0, ruleIndex: ruleIDs.firstIndex(of: $0.group.ruleID)!) }
        let log = SARIF.Log(schema: Self.schemaURI, version: "2.1.0", runs: [
            SARIF.Run(tool: SARIF.Tool(driver: SARIF.Driver(name: "logmedic", version: LogMedic.version,
                                                             informationUri: Self.informationURI, rules: rules)),
                      results: results)])
        let encoder = SortedJSONEncoder(prettyPrinted: true, snakeCaseKeys: false)
        return String(decoding: (try? encoder.encode(log)) ?? Data(), as: UTF8.self) + "\n"
    }

    func rule(for p: Diagnosis.Problem) -> SARIF.Rule {
        SARIF.Rule(id: p.group.ruleID, name: Self.pascalCase(p.group.ruleID),
                   shortDescription: .init(text: p.group.title), fullDescription: .init(text: p.explain.isEmpty ? p.group.title : p.explain),
                   defaultConfiguration: .init(level: Self.level(p.group.severity)),
                   help: .init(text: p.explain.isEmpty ? p.group.title : p.explain))
    }

    func result(for p: Diagnosis.Problem, ruleIndex: Int) -> SARIF.Result {
        var message = "\(p.headline) — \(ReportText.plural(p.group.count, "occurrence")); database: \(p.correlation.status.label). "
            + p.correlation.summary
        if let fix = p.recommendation.fix.first { message += " Fix: \(fix)" }
        return SARIF.Result(
            ruleId: p.group.ruleID, ruleIndex: ruleIndex, level: Self.level(p.group.severity), message: .init(text: message),
            locations: locations(for: p), partialFingerprints: ["logmedic/v1": p.group.fingerprint],
            properties: .init(count: p.group.count, databaseStatus: p.correlation.status.rawValue, problemId: p.id))
    }

    /// Code locations (frames, then the source lines to change), or else the first sample's log lines.
    func locations(for p: Diagnosis.Problem) -> [SARIF.Location] {
        var seen = Set<String>()
        var locations: [SARIF.Location] = []
        func add(_ uri: String, _ line: Int, _ endLine: Int? = nil) {
            guard line >= 1, seen.insert("\(uri):\(line)").inserted else { return }
            locations.append(.init(physicalLocation: .init(artifactLocation: .init(uri: uri),
                                                           region: .init(startLine: line, endLine: endLine.flatMap { $0 > line ? $0 : nil }))))
        }
        for c in p.group.codeLocations { add(artifactURI(forFrame: c.file), c.line) }
        for text in p.correlation.sourceLines ?? [] {
            let parts = text.split(separator: ":", maxSplits: 2)
            if parts.count >= 2, let line = Int(parts[1]) { add(Self.uri(String(parts[0])), line) }
        }
        if locations.isEmpty, let sample = p.group.samples.first {
            // Log files are where logmedic read them: relative as given, absolute as a file: URI.
            add(sample.source.hasPrefix("/") ? "file://" + Self.uri(sample.source) : Self.uri(sample.source), sample.firstLine, sample.lastLine)
        }
        return locations
    }

    /// A frame path relative to `--source` when the tree has it, else the path's plain components
    /// (no leading `/`, no `..`): a URI from a log never points outside the checkout.
    func artifactURI(forFrame file: String) -> String {
        if file.contains("://") { return file }
        if let relative = source?.relativePath(forFrame: file) { return Self.uri(relative) }
        return Self.uri(file.split(separator: "/").filter { $0 != "." && $0 != ".." }.joined(separator: "/"))
    }

    /// A relative URI reference: path segments percent-encoded, slashes kept.
    static func uri(_ path: String) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: ":")
        return path.split(separator: "/", omittingEmptySubsequences: false)
            .map { $0.addingPercentEncoding(withAllowedCharacters: allowed) ?? String($0) }.joined(separator: "/")
    }

    /// error for critical and high, warning for medium, note for low and info.
    static func level(_ severity: Severity) -> String {
        switch severity {
        case .critical, .high: return "error"
        case .medium: return "warning"
        case .low, .info: return "note"
        }
    }

    /// `undefined_table` → `UndefinedTable`.
    static func pascalCase(_ id: String) -> String {
        id.split(separator: "_").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }
}
