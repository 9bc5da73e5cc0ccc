import ArgumentParser
import Foundation
import LogMedic

/// `fix --draft`: draft playbooks from the schema the code expects.
struct DraftOptions: ParsableArguments {
    @Flag(help: "Draft playbooks for confirmed problems from a reference schema (a missing partition from the live table alone), rehearse them (rolled back), write them unvetted.")
    var draft = false
    @Option(name: .customLong("reference-sql"), parsing: .upToNextOption, help: ArgumentHelp(
        "DDL the code expects, one or more files in order (pg_dump -s, alembic --sql, CreateTable, sqlmigrate, structure.sql, prisma migrate diff), or a folder of SQL migrations (Flyway, golang-migrate, Prisma, dbmate, goose, numbered files), run up in the tool's order. Loaded into a scratch database, never the target.",
        valueName: "FILE|DIR"))
    var referenceSQL: [String] = []
    @Option(name: .customLong("reference-db"), help: ArgumentHelp("A database that already has the schema the code expects (only read).", valueName: "DSN"))
    var referenceDB: String?
    @Option(name: .customLong("scratch-db"), help: ArgumentHelp(
        "A server to load --reference-sql on, in a database logmedic creates and drops (default: a private throwaway server from the machine's PostgreSQL binaries).",
        valueName: "DSN"))
    var scratchDB: String?
    @Option(help: ArgumentHelp("Where drafted playbooks are written.", valueName: "DIR")) var out = "logmedic-drafts"

    func validate(apply: Bool, revert: String?) throws {
        let used = !referenceSQL.isEmpty || referenceDB != nil || scratchDB != nil
        guard draft else {
            if used { throw ValidationError("--reference-sql, --reference-db and --scratch-db need --draft") }
            return
        }
        if apply || revert != nil { throw ValidationError("--draft only writes and rehearses playbooks: it excludes --apply and --revert") }
        if !referenceSQL.isEmpty, referenceDB != nil { throw ValidationError("--draft takes either --reference-sql FILE|DIR... or --reference-db DSN, not both") }
        if referenceDB != nil, scratchDB != nil { throw ValidationError("--scratch-db is for loading --reference-sql; --reference-db is read as it is") }
        if referenceSQL.isEmpty, scratchDB != nil { throw ValidationError("--scratch-db is for loading --reference-sql") }
        if let log = referenceSQL.first(where: Self.looksLikeLog) {
            throw ValidationError("--reference-sql takes every path after it, and \(log) looks like a log: give the logs before --reference-sql")
        }
    }

    /// A log's name (`app.log`, `events.jsonl`, `app.log.gz`) among the reference paths: one meant as input.
    static func looksLikeLog(_ path: String) -> Bool {
        let name = (path as NSString).lastPathComponent.lowercased()
        return [".log", ".jsonl", ".ndjson", ".gz"].contains { name.hasSuffix($0) } || name.contains(".log.")
    }

    /// Drafts, writes, rehearses and prints; exits 1 when a problem got no rehearsed playbook.
    /// Without a reference, only drafts that follow the live database (`targetDSN`'s) are made.
    func run(diagnosis: Diagnosis, target: PostgresConnection, targetDSN: String?, snapshot: SchemaSnapshot, style: TerminalStyle) throws {
        let reference = try runtime {
            if let referenceDB { return try ReferenceDatabase(existing: referenceDB) }
            if referenceSQL.isEmpty { return try ReferenceDatabase(liveOnly: targetDSN) }
            return try ReferenceDatabase(loading: referenceSQL, scratchDSN: scratchDB)
        }
        defer { reference.close() }
        if reference.skippedStatements > 0 {
            stderr("logmedic: skipped \(reference.skippedStatements) role or privilege statement(s) of the reference: the scratch database has no such roles\n")
        }
        let entries = try runtime {
            try DraftPipeline(target: target, snapshot: snapshot, reference: reference, outputDirectory: out).run(diagnosis)
        }
        print(DraftRenderer.render(entries, outputDirectory: out, style: style))
        if entries.contains(where: { !$0.isReady }) { throw ExitCode(ExitStatus.findings) }
    }
}
