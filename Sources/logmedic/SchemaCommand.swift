import ArgumentParser
import Foundation
import LogMedic

/// `logmedic schema …`: work with database schema snapshots.
struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Inspect a PostgreSQL schema.",
        subcommands: [Inspect.self]
    )

    /// `logmedic schema inspect`: snapshot a live schema as JSON.
    struct Inspect: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "inspect",
            abstract: "Snapshot tables, columns, indexes and foreign keys of a live database as JSON.",
            discussion: "Without -o the JSON goes to standard output. Exit code 3 when the database is unreachable."
        )

        @OptionGroup var connection: ConnectionOptions

        @Option(name: [.short, .customLong("output")], help: "Write the snapshot to this file instead of standard output.")
        var output: String?

        func run() throws {
            let snapshot: SchemaSnapshot
            do {
                let database = try PostgresConnection(dsn: connection.resolvedDSN)
                snapshot = try SchemaInspector(connection: database).snapshot()
                guard let output, output != "-" else {  // `-o -` is standard output, as for reports
                    Console.out(try snapshot.jsonData())
                    return
                }
                try snapshot.save(to: URL(fileURLWithPath: output)) { stderr("logmedic: \($0)\n") }
            } catch {
                throw RuntimeFailure.report(error)
            }
            print("wrote \(snapshot.relations.count) relations (database \(snapshot.database),"
                  + " PostgreSQL \(snapshot.serverVersion)) to \(output!)")
        }
    }
}
