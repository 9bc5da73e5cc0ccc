import Foundation
import Testing
@testable import LogMedic

/// The hand-written snapshot writer must produce exactly the bytes of the `JSONEncoder` configuration it replaces.
@Suite("Snapshot JSON writer")
struct SnapshotJSONWriterTests {
    /// What `jsonData()` wrote before `SnapshotJSONWriter`: the reference.
    static func encoderBytes(_ snapshot: SchemaSnapshot) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(snapshot)) + [UInt8(ascii: "\n")]
    }

    /// Every character class the escaper distinguishes, plus non-ASCII text.
    static let awkward: String = {
        var text = (0..<0x20).map { String(UnicodeScalar(UInt8($0))) }.joined()
        text += #" "quoted" back\slash /slash/ DEL:\#u{7F} é 😀 \#u{2028}\#u{2029} \#u{FEFF} 中文"#
        return text
    }()

    static var varied: SchemaSnapshot {
        let columns = [
            Column(name: "id", type: "bigint", isNullable: false, defaultExpression: "nextval('a/b_seq'::regclass)"),
            Column(name: awkward, type: "text"),
            Column(name: "", type: "character varying(255)", isNullable: true, defaultExpression: ""),
        ]
        let relations = [
            Relation(schema: "public", name: "empty", kind: .table, columns: []),
            Relation(
                schema: "Sales \"EU\"", name: "orders\n", kind: .partitionedTable, columns: columns,
                primaryKey: ["id", awkward], uniqueConstraints: [.init(name: "u", columns: []), .init(name: "u2", columns: ["id"])],
                indexes: [
                    .init(name: "orders_pkey", columns: ["id"], isUnique: true, isPrimary: true,
                          definition: "CREATE UNIQUE INDEX orders_pkey ON \"Sales \"\"EU\"\"\".orders USING btree (id)"),
                    .init(name: "expr", columns: ["lower(\"Mixed\")"], definition: "CREATE INDEX expr ON x USING gin (y)"),
                ],
                foreignKeys: Relation.ForeignKey.Action.allCases.map {
                    .init(name: "fk_\($0.rawValue)", columns: ["a", "b"], referencedSchema: "s", referencedTable: "t",
                          referencedColumns: [], onDelete: $0, onUpdate: $0)
                },
                checkConstraints: [.init(name: "status_valid", definition: "CHECK ((status = ANY (ARRAY['new'::text, 'paid'::text])))"),
                                   .init(name: awkward, definition: "CHECK ((\"\(awkward)\" <> ''::text))")]),
        ] + [Relation.Kind.view, .materializedView, .foreignTable].map {
            Relation(schema: "z", name: $0.rawValue, kind: $0, columns: [Column(name: "c", type: "int")])
        }
        return SchemaSnapshot(database: "db/\(awkward)", serverVersion: "15.18", searchPath: [], takenAt: "t",
                              relations: relations,
                              sequences: [.init(schema: "public", name: "order_number_seq"), .init(schema: awkward, name: awkward)])
    }

    @Test func matchesJSONEncoderOnAVariedSnapshot() throws {
        let snapshot = Self.varied
        #expect(Array(try snapshot.jsonData()) == (try Self.encoderBytes(snapshot)))
        #expect(try SchemaSnapshot(jsonData: try snapshot.jsonData()) == snapshot)
    }

    @Test func aRelationWrittenBeforeChecksWereRecordedDecodesWithNone() throws {
        let old = #"""
            {"database": "d", "search_path": [], "server_version": "15.18", "taken_at": "t", "relations": [
              {"schema": "public", "name": "t", "kind": "table", "columns": [], "primary_key": [],
               "unique_constraints": [], "indexes": [], "foreign_keys": []}]}
            """#
        let snapshot = try SchemaSnapshot(jsonData: Data(old.utf8))
        #expect(snapshot.relations.map(\.checkConstraints) == [[]])
    }

    @Test func aSnapshotWrittenBeforeSequencesWereRecordedDecodesWithNone() throws {
        let old = #"{"database": "d", "relations": [], "search_path": ["public"], "server_version": "15.18", "taken_at": "t"}"#
        let snapshot = try SchemaSnapshot(jsonData: Data(old.utf8))
        #expect(snapshot.sequences.isEmpty)
        #expect(snapshot.searchPath == ["public"])
    }

    /// `schema inspect` (stdout and `-o`) wrote a column default or a partial index holding a secret as is.
    @Test func secretsInDefaultsAndIndexDefinitionsAreMasked() throws {
        let columns = [Column(name: "upstream", type: "text", defaultExpression: "'postgresql://app:S3cret-Default@db:5432/app'::text")]
        let index = Relation.Index(name: "p", columns: ["upstream"],
                                   definition: "CREATE INDEX p ON t USING btree (upstream) WHERE (upstream <> 'password=S3cret-Index'::text)")
        let snapshot = SchemaSnapshot(database: "d", serverVersion: "15", searchPath: [], takenAt: "t", relations: [
            Relation(schema: "public", name: "t", kind: .table, columns: columns, indexes: [index]),
        ])
        let text = String(decoding: try snapshot.jsonData(), as: UTF8.self)
        #expect(!text.contains("S3cret-Default"))
        #expect(!text.contains("S3cret-Index"))
        #expect(text.contains("***"))
    }

    @Test func matchesJSONEncoderOnTheFixturesAndAnEmptySnapshot() throws {
        for snapshot in [SnapshotFixtures.snapshot,
                         SchemaSnapshot(database: "d", serverVersion: "1", searchPath: ["a", "b"], takenAt: "", relations: [])] {
            #expect(Array(try snapshot.jsonData()) == (try Self.encoderBytes(snapshot)))
        }
    }
}

extension Relation.ForeignKey.Action: CaseIterable {
    public static let allCases: [Self] = [.noAction, .restrict, .cascade, .setNull, .setDefault]
}
