import Foundation
import Testing
@testable import LogMedic

/// A second `fix --draft` into the same `--out`: every playbook folder is checked before any is written, and
/// all that exist are named (was: the drafts before the first existing folder were written, unreported, and the
/// run stopped on that folder, so that the next run stopped on one of those).
@Suite("fix --draft into a folder that holds drafts", .enabled(if: TestDatabase.isAvailable))
struct DraftOutputTests {
    static let initial = """
        CREATE TABLE "Booking" ("id" SERIAL NOT NULL, "venueId" INTEGER NOT NULL, "startsAt" TIMESTAMP(3) NOT NULL, CONSTRAINT "Booking_pkey" PRIMARY KEY ("id"));

        """
    static let release = """
        ALTER TABLE "Booking" ADD COLUMN "depositCents" INTEGER NOT NULL DEFAULT 0;
        CREATE TABLE "Invoice" ("id" SERIAL NOT NULL, "bookingId" INTEGER NOT NULL, "number" TEXT NOT NULL, "amountCents" INTEGER NOT NULL, CONSTRAINT "Invoice_pkey" PRIMARY KEY ("id"));

        """
    /// PostgreSQL 15's own lines for a Prisma venue API's queries.
    static let log = """
        2026-12-05 05:08:41 UTC [3111]: [1-1] user=postgres,db=venuebook,app=venuebook-api,client=127.0.0.1 ERROR:  column Booking.depositCents does not exist at character 129
        2026-12-05 05:08:41 UTC [3111]: [2-1] user=postgres,db=venuebook,app=venuebook-api,client=127.0.0.1 STATEMENT:  SELECT "public"."Booking"."id", "public"."Booking"."venueId", "public"."Booking"."startsAt", "public"."Booking"."status"::text, "public"."Booking"."depositCents" FROM "public"."Booking" WHERE "public"."Booking"."venueId" = $1 OFFSET $2
        2026-12-05 05:08:41 UTC [3111]: [7-1] user=postgres,db=venuebook,app=venuebook-api,client=127.0.0.1 ERROR:  relation "public.Invoice" does not exist at character 100
        2026-12-05 05:08:41 UTC [3111]: [8-1] user=postgres,db=venuebook,app=venuebook-api,client=127.0.0.1 STATEMENT:  SELECT "public"."Invoice"."id", "public"."Invoice"."number", "public"."Invoice"."amountCents" FROM "public"."Invoice" WHERE "public"."Invoice"."bookingId" IN ($1) OFFSET $2

        """

    @Test func nothingIsWrittenWhenADraftsFolderExists() throws {
        try withScratchDirectory { dir in
            let folder = dir.appendingPathComponent("migrations"), logPath = dir.appendingPathComponent("postgresql.log")
            let out = dir.appendingPathComponent("drafts")
            for (name, sql) in [("20261020093000_init", Self.initial), ("20261120110000_release", Self.release)] {
                try FileManager.default.createDirectory(at: folder.appendingPathComponent(name), withIntermediateDirectories: true)
                try sql.write(to: folder.appendingPathComponent(name).appendingPathComponent("migration.sql"), atomically: true, encoding: .utf8)
            }
            try Self.log.write(to: logPath, atomically: true, encoding: .utf8)
            let existing = out.appendingPathComponent("add_booking_depositcents")
            try FileManager.default.createDirectory(at: existing, withIntermediateDirectories: true)
            try withTestDatabase { db in
                try db.execute(Self.initial)
                let snapshot = try SchemaInspector(connection: db).snapshot()
                let diagnosis = Diagnoser(pipeline: ScanPipeline(catalog: try CompiledCatalog()), snapshot: snapshot).diagnose(paths: [logPath.path])
                let reference = try ReferenceDatabase(loading: [folder.path], scratchDSN: TestDatabase.url)
                defer { reference.close() }
                let pipeline = DraftPipeline(target: db, snapshot: snapshot, reference: reference, outputDirectory: out.path)
                #expect(throws: DraftError.outputExists(paths: [existing.standardizedFileURL.path])) { _ = try pipeline.run(diagnosis) }
                #expect(try FileManager.default.contentsOfDirectory(atPath: out.path) == ["add_booking_depositcents"])
            }
        }
    }
}
