import Foundation
import Testing
@testable import LogMedic

/// Snapshot JSON: stable keys, round trips, and clear errors for other files.
@Suite("Schema snapshot")
struct SchemaSnapshotTests {
    @Test func jsonRoundTripsAndUsesSnakeCase() throws {
        let snapshot = SnapshotFixtures.snapshot
        let data = try snapshot.jsonData()
        let text = String(decoding: data, as: UTF8.self)
        for key in ["server_version", "search_path", "taken_at", "primary_key", "unique_constraints",
                    "is_nullable", "default_expression", "is_unique", "is_primary", "foreign_keys",
                    "referenced_table", "on_delete", "\"materialized_view\"", "\"set null\""] {
            #expect(text.contains(key), "missing \(key)")
        }
        #expect(try SchemaSnapshot(jsonData: data) == snapshot)
        #expect(try snapshot.jsonData() == data, "encoding is deterministic")
    }

    @Test func relationsAreSortedBySchemaThenName() {
        #expect(SnapshotFixtures.snapshot.relations.map(\.qualifiedName)
                == ["audit.users", "public.UserSessions", "public.users", "sales.orders"])
    }

    @Test func saveAndLoad() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("snapshot-\(UUID()).json")
        defer { try? FileManager.default.removeItem(at: url) }
        try SnapshotFixtures.snapshot.save(to: url)
        #expect(try SchemaSnapshot.load(from: url) == SnapshotFixtures.snapshot)
    }

    @Test func loadingAMissingFileSaysHowToMakeOne() {
        let error = #expect(throws: SchemaSnapshotError.self) {
            try SchemaSnapshot.load(from: URL(fileURLWithPath: "/nonexistent/snap.json"))
        }
        #expect(error == .fileNotFound(path: "/nonexistent/snap.json"))
        #expect(error?.description.contains("logmedic schema inspect -o") == true)
    }

    @Test(arguments: [#"{"rules": []}"#, "not json", #"{"database": 1}"#])
    func loadingSomethingElseIsRejected(json: String) throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("other-\(UUID()).json")
        defer { try? FileManager.default.removeItem(at: url) }
        try Data(json.utf8).write(to: url)
        let error = #expect(throws: SchemaSnapshotError.self) { try SchemaSnapshot.load(from: url) }
        guard case .notASnapshot(let path, _)? = error else {
            Issue.record("expected notASnapshot, got \(String(describing: error))")
            return
        }
        #expect(path == url.path)
    }
}
