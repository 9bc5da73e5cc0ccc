import Testing
@testable import LogMedic

/// Passwords never survive `DSN.redacted`, in URI or key=value form.
@Suite("DSN redaction")
struct DSNRedactionTests {
    @Test(arguments: [
        ("postgresql://postgres:s3cr3t@db.example.com:5432/railway",
         "postgresql://postgres:***@db.example.com:5432/railway"),
        ("postgres://app:p%40ss%2Fw%3Ard@10.0.0.5/app?sslmode=require",
         "postgres://app:***@10.0.0.5/app?sslmode=require"),
        ("postgresql://app@host/db?password=s3cr3t&sslmode=disable",
         "postgresql://app@host/db?password=***&sslmode=disable"),
        ("postgresql://u:s3cr3t@host1:5432,host2:5433/db", "postgresql://u:***@host1:5432,host2:5433/db"),
        ("postgresql://host/db?pass%77ord=s3cr3t", "postgresql://host/db?pass%77ord=***"),
    ])
    func uriPasswordIsMasked(dsn: String, expected: String) {
        #expect(DSN.redacted(dsn) == expected)
    }

    @Test(arguments: [
        ("host=db port=5432 password=s3cr3t dbname=app", "host=db port=5432 password=*** dbname=app"),
        ("host=db password='it\\'s a s3cr3t' user=me", "host=db password='***' user=me"),
        ("password = s3cr3t host=db", "password = *** host=db"),
        ("host=db password=back\\ slash", "host=db password=***"),
    ])
    func keywordValuePasswordIsMasked(dsn: String, expected: String) {
        #expect(DSN.redacted(dsn) == expected)
    }

    @Test(arguments: [
        "postgresql://postgres@127.0.0.1:5432/logmedic",
        "host=/var/run/postgresql dbname=app",
        "",
        "mydatabase",
    ])
    func dsnWithoutPasswordIsUnchanged(dsn: String) {
        #expect(DSN.redacted(dsn) == dsn)
    }

    @Test func redactedDSNNeverContainsThePassword() {
        for dsn in ["postgresql://u:hunter2@h/d", "user=u password=hunter2", "postgresql://h/d?password=hunter2",
                    "postgresql://u:hunter2@h/d?password=hunter2"] {
            #expect(!DSN.redacted(dsn).contains("hunter2"), "\(dsn)")
        }
    }

    @Test func targetLeavesThePasswordOut() throws {
        let target = try #require(DSN.target(of: "postgresql://postgres:s3cr3t@db.internal:6543/railway"))
        #expect(target == ConnectionTarget(host: "db.internal", port: "6543", database: "railway", user: "postgres"))
        #expect(target.description == #"db.internal:6543 database "railway" as user "postgres""#)
        #expect(DSN.target(of: "postgresql://[::1") == nil)
    }

    @Test func keywordValueRenderingQuotesWhatNeedsIt() {
        #expect(DSN.keywordValue(["dbname": "a b", "host": "h", "password": "it's"])
                == #"dbname='a b' host=h password='it\'s'"#)
    }
}
