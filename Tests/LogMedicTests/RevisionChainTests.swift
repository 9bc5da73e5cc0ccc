import Testing
@testable import LogMedic

/// Alembic's offline SQL read as revisions: what each follows, the order files of revisions load in, and which
/// revisions come after one.
@Suite struct RevisionChainTests {
    /// As `alembic upgrade head --sql` prints a merge of two branches (alembic 1.14).
    static let script = """
        BEGIN;

        CREATE TABLE alembic_version (
            version_num VARCHAR(32) NOT NULL
        );

        -- Running upgrade  -> 1f0a

        CREATE TABLE a (id int);

        -- Running upgrade 1f0a -> 0b2c

        CREATE TABLE b (id int);

        -- Running upgrade 1f0a -> 7d3e

        CREATE TABLE c (id int);

        -- Running upgrade 0b2c, 7d3e -> 5e4f

        COMMIT;
        """

    @Test func aScriptIsCutAtEachRevisionKeepingItsLineNumbers() {
        let revisions = RevisionChain.revisions(in: Self.script)
        #expect(revisions.map(\.id) == ["1f0a", "0b2c", "7d3e", "5e4f"])
        #expect(revisions.map(\.follows) == [[], ["1f0a"], ["1f0a"], ["0b2c", "7d3e"]])
        #expect(revisions[0].text.contains("CREATE TABLE alembic_version") && revisions[0].text.contains("CREATE TABLE a "))
        #expect(!revisions[0].text.contains("CREATE TABLE b "))
        // Each part starts at its own line of the script: errors name the script's line.
        let lines = Self.script.split(separator: "\n", omittingEmptySubsequences: false)
        for revision in revisions {
            let first = revision.text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { !$0.isEmpty }!
            #expect(lines[first] == "-- Running upgrade \(revision.follows.joined(separator: ", ")) -> \(revision.id)"
                    || (revision.id == "1f0a" && lines[first] == "BEGIN;"))
        }
        #expect(RevisionChain.revisions(in: "CREATE TABLE a (id int);\n-- Running upgrades soon\n").isEmpty)
    }

    @Test func filesLoadAfterTheFilesOfTheRevisionsTheyFollow() {
        let files = [
            ("0b2c_b.sql", "-- Running upgrade 1f0a -> 0b2c\n"),
            ("5e4f_merge.sql", "-- Running upgrade 0b2c, 7d3e -> 5e4f\n"),
            ("schema.sql", "CREATE TABLE z (id int);\n"),
            ("7d3e_c.sql", "-- Running upgrade 1f0a -> 7d3e\n"),
            ("1f0a_a.sql", "-- Running upgrade  -> 1f0a\n"),
        ]
        let ordered = RevisionChain.ordered(files) { RevisionChain.revisions(in: $0.1) }.map(\.0)
        #expect(ordered == ["schema.sql", "1f0a_a.sql", "0b2c_b.sql", "7d3e_c.sql", "5e4f_merge.sql"])
        // Already in order, or following revisions no file holds: as given.
        let chain = [files[4], files[0], files[3], files[1]]
        #expect(RevisionChain.ordered(chain) { RevisionChain.revisions(in: $0.1) }.map(\.0) == chain.map(\.0))
    }

    @Test func aRevisionsDescendantsAreTheRevisionsAfterIt() {
        let revisions = RevisionChain.revisions(in: Self.script)
        #expect(RevisionChain.descendants(of: "0b2c", among: revisions) == ["0b2c", "5e4f"])
        #expect(RevisionChain.descendants(of: "1f0a", among: revisions) == ["1f0a", "0b2c", "7d3e", "5e4f"])
        #expect(RevisionChain.descendants(of: "5e4f", among: revisions) == ["5e4f"])
    }
}
