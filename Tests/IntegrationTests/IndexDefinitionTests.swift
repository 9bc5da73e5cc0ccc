import Foundation
import Testing
@testable import LogMedic

/// Index definitions composed on the client must be the server's `pg_get_indexdef` text, character for
/// character; whatever the client cannot compose must be left to the server.
@Suite("Index definitions (PostgreSQL)", .enabled(if: TestDatabase.isAvailable))
struct IndexDefinitionTests {
    /// Every kind of index the composer handles or must refuse. Names ending in `_server` need the server.
    static let schema = """
        CREATE SCHEMA "Odd Schema";
        CREATE TYPE mood AS ENUM ('sad', 'happy');
        CREATE DOMAIN positive AS int CHECK (VALUE > 0);
        CREATE TABLE "Odd Schema"."Mixed Table" (
            id bigint PRIMARY KEY, "Col A" text, "select" int, "user" varchar(20), plain_name text COLLATE "C",
            v varchar(40), ch char(3), d positive, arr int[], m mood, r int4range, doc jsonb, ts timestamptz,
            u uuid, nm name, tv tsvector, b bytea, "x""y" int,
            UNIQUE ("Col A", "select"));
        CREATE INDEX multi ON "Odd Schema"."Mixed Table" ("select", "user", v, ch, u, ts, b, nm);
        CREATE INDEX "Desc Nulls" ON "Odd Schema"."Mixed Table" (id DESC, "select" NULLS FIRST, v DESC NULLS LAST, u ASC NULLS LAST, ts DESC NULLS FIRST);
        CREATE UNIQUE INDEX uniq_incl ON "Odd Schema"."Mixed Table" ("user") INCLUDE ("Col A", "x""y");
        CREATE INDEX same_collation ON "Odd Schema"."Mixed Table" (plain_name COLLATE "C");
        CREATE INDEX quoted_col ON "Odd Schema"."Mixed Table" ("x""y");
        CREATE INDEX other_collation_server ON "Odd Schema"."Mixed Table" ("Col A" COLLATE "C");
        CREATE INDEX opclass_server ON "Odd Schema"."Mixed Table" ("Col A" text_pattern_ops);
        CREATE INDEX expression_server ON "Odd Schema"."Mixed Table" (lower("Col A"), id DESC);
        CREATE INDEX partial_server ON "Odd Schema"."Mixed Table" (id) WHERE "select" > 0;
        CREATE INDEX fillfactor_server ON "Odd Schema"."Mixed Table" (id) WITH (fillfactor = 70);
        CREATE INDEX gin_server ON "Odd Schema"."Mixed Table" USING gin (doc);
        CREATE INDEX hash_server ON "Odd Schema"."Mixed Table" USING hash (id);
        CREATE INDEX brin_server ON "Odd Schema"."Mixed Table" USING brin (ts);
        CREATE INDEX gist_server ON "Odd Schema"."Mixed Table" USING gist (tv);
        CREATE INDEX domain_server ON "Odd Schema"."Mixed Table" (d);
        CREATE INDEX array_server ON "Odd Schema"."Mixed Table" (arr);
        CREATE INDEX enum_server ON "Odd Schema"."Mixed Table" (m);
        CREATE INDEX range_server ON "Odd Schema"."Mixed Table" (r);
        CREATE UNIQUE INDEX nulls_not_distinct ON "Odd Schema"."Mixed Table" (u) NULLS NOT DISTINCT;
        CREATE TABLE events (id int, at date, note text) PARTITION BY RANGE (at);
        CREATE TABLE events_2025 PARTITION OF events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
        CREATE INDEX events_at ON events (at DESC, id);
        CREATE TABLE "order" (id int, during tsrange, EXCLUDE USING gist (during WITH &&));
        CREATE TABLE group_by (a int, "Group" int, PRIMARY KEY (a, "Group"));
        """

    /// The server's definition of every user index, and its key columns as names (expressions as the server
    /// prints them), by index name.
    static func serverTexts(_ connection: PostgresConnection) throws -> [String: (String, [String])] {
        let result = try connection.query("""
            SELECT ic.relname, pg_get_indexdef(i.indexrelid),
                   array_to_json(ARRAY(
                       SELECT COALESCE(a.attname, pg_get_indexdef(i.indexrelid, k.position::int, true))
                       FROM unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, position)
                       LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum AND k.attnum > 0
                       WHERE k.position <= i.indnkeyatts ORDER BY k.position))::text
            FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid
            WHERE ic.relnamespace NOT IN ('pg_catalog'::regnamespace, 'pg_toast'::regnamespace)
            """)
        var texts: [String: (String, [String])] = [:]
        for row in 0..<result.rowCount {
            texts[result[row, 0]!] = (result[row, 1]!, try SchemaInspector.decodeNames(result[row, 2]!))
        }
        return texts
    }

    @Test(arguments: [false, true])
    func composedDefinitionsAreTheServersText(quoteAll: Bool) throws {
        try withTestDatabase { connection in
            try connection.execute(Self.schema)
            if quoteAll { try connection.execute("SET quote_all_identifiers = on") }
            let expected = try Self.serverTexts(connection)
            let snapshot = try SchemaInspector(connection: connection).snapshot()
            let indexes = snapshot.relations.flatMap(\.indexes)
            #expect(Set(indexes.map(\.name)) == Set(expected.keys))
            for index in indexes {
                #expect(index.definition == expected[index.name]?.0, "\(index.name)")
                #expect(index.columns == expected[index.name]?.1, "\(index.name)")
            }
            let expression = try #require(indexes.first { $0.name == "expression_server" })
            #expect(expression.columns == [quoteAll ? #""lower"("Col A")"# : #"lower("Col A")"#, "id"])
            #expect(try #require(indexes.first { $0.name == "uniq_incl" }).columns == ["user"])
        }
    }

    @Test func onlyIndexesTheClientCannotComposeGoToTheServer() throws {
        try withTestDatabase { connection in
            try connection.execute(Self.schema)
            let inspector = SchemaInspector(connection: connection)
            var builder = CatalogBuilder()
            builder.addColumns(try connection.query(SchemaInspector.Queries.columns))
            var opclasses: [Int: Int] = [:]
            let defaults = try connection.query(SchemaInspector.Queries.defaultBtreeOpclasses)
            for row in 0..<defaults.rowCount { opclasses[defaults.int(row, 0)!] = defaults.int(row, 1)! }
            builder.addIndexes(try connection.query(SchemaInspector.Queries.indexes(
                serverVersion: inspector.connection.serverVersionNumber)), defaultOpclass: opclasses)
            let names = try connection.query("""
                SELECT oid, relname FROM pg_class WHERE relkind IN ('i', 'I')
                AND relnamespace NOT IN ('pg_catalog'::regnamespace, 'pg_toast'::regnamespace)
                """)
            var nameOf: [Int: String] = [:]
            for row in 0..<names.rowCount { nameOf[names.int(row, 0)!] = names[row, 1]! }
            let requests = builder.indexTextRequests
            let definitionsAsked = zip(requests.oids, requests.positions).filter { $0.1 == 0 }.compactMap { nameOf[$0.0] }
            let expected = nameOf.values.filter {
                $0.hasSuffix("_server") || $0.hasPrefix("order_") // the exclusion constraint's index is gist
            }
            #expect(Set(definitionsAsked) == Set(expected))
            #expect(zip(requests.oids, requests.positions).filter { $0.1 > 0 }.map { nameOf[$0.0] } == ["expression_server"])
        }
    }
}
